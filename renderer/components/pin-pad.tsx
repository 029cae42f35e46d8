import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  onChange(value: string): void;
  /** Called with the PIN as typed, which may be ahead of the last render's `value`. */
  onSubmit(pin: string): void;
  maxLength?: number;
  /** Whether this pad takes the keyboard's digits (only one pad on screen does). */
  keyboard?: boolean;
  busy?: boolean;
  /** Button text; logging in by default. */
  submitLabel?: string;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/** PIN entry by touch or keyboard: digits, Backspace, Enter. The PIN itself is never shown. */
export function PinPad({
  value,
  onChange,
  onSubmit,
  maxLength = 8,
  keyboard = true,
  busy = false,
  submitLabel,
}: Props) {
  const { t } = useTranslation();

  // Keys read the props of the last render through a ref set at commit, not a listener bound in
  // a later effect, and each key moves the ref on at once: a key typed the moment an answer
  // shows, or before the screen has caught up with the key before it, meets the state it follows.
  const latest = useRef({ value, maxLength, onChange, onSubmit, busy });
  useLayoutEffect(() => {
    latest.current = { value, maxLength, onChange, onSubmit, busy };
  });

  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      const { value, maxLength, onChange, onSubmit, busy } = latest.current;
      const edit = (next: string) => {
        latest.current.value = next;
        onChange(next);
      };
      if (/^\d$/.test(e.key)) {
        e.preventDefault();
        if (value.length < maxLength) edit(value + e.key);
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        edit(value.slice(0, -1));
      } else if (e.key === 'Enter' && value.length > 0) {
        // Enter belongs to the PIN once digits are typed: it must not also press the focused
        // clerk button, which would clear the PIN and the refusal.
        e.preventDefault();
        if (value.length >= 4 && !busy) {
          latest.current.busy = true;
          onSubmit(value);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard]);

  const press = (key: (typeof KEYS)[number]) => {
    if (key === 'clear') onChange('');
    else if (key === 'back') onChange(value.slice(0, -1));
    else if (value.length < maxLength) onChange(value + key);
  };

  return (
    <div className="pin-pad">
      <div
        className="pin-dots"
        role="status"
        aria-label={t('pin.entered', { count: value.length })}
        data-testid="pin-dots"
      >
        {Array.from({ length: Math.max(4, value.length) }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: dots are positions, not items
          <span key={i} className={i < value.length ? 'pin-dot filled' : 'pin-dot'} />
        ))}
      </div>
      <div className="pin-keys">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            className={`btn pin-key ${k.length > 1 ? 'pin-key-fn' : ''}`}
            onClick={() => press(k)}
            tabIndex={-1}
          >
            {k === 'clear' ? t('pin.clear') : k === 'back' ? t('pin.back') : k}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="btn btn-primary btn-block"
        disabled={value.length < 4 || busy}
        onClick={() => onSubmit(value)}
        data-testid="pin-submit"
      >
        {submitLabel ?? t('pin.submit')}
      </button>
    </div>
  );
}
