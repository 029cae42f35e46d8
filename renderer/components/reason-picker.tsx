import { type ReactElement, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A reason picked from a few chips, or typed when "other" is chosen. Returns the
 * reason as it will be recorded (the chip's label in the current language, or the
 * typed text) and the chips to show.
 */
export function useReasonChoice<K extends string>(
  keys: readonly [K, ...K[]],
  labelPrefix: string,
): { reason: string; picker: ReactElement } {
  const { t } = useTranslation();
  const [key, setKey] = useState<K>(keys[0]);
  const [otherText, setOtherText] = useState('');
  const reason = key === 'other' ? otherText.trim() : t(`${labelPrefix}.${key}`);
  const picker = (
    <>
      <div className="chip-row">
        {keys.map((k) => (
          <button
            key={k}
            type="button"
            className={k === key ? 'btn chip selected' : 'btn chip'}
            onClick={() => setKey(k)}
          >
            {t(`${labelPrefix}.${k}`)}
          </button>
        ))}
      </div>
      {key === 'other' && (
        <input
          className="text-input"
          value={otherText}
          maxLength={200}
          onChange={(e) => setOtherText(e.target.value)}
          placeholder={t('manager.reasonPlaceholder')}
        />
      )}
    </>
  );
  return { reason, picker };
}
