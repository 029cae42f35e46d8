import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkView } from '../../src/api/contract';
import type { TillError } from '../../src/errors';
import { pinProblem, pinProblemMessage } from '../../src/pin-policy';
import { till, toTillError } from '../api';
import { PinPad } from '../components/pin-pad';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';

interface Props {
  clerk: ClerkView;
  /** The initial PIN the clerk just entered: it proves who is changing it. */
  oldPin: string;
  onCancel(): void;
}

/** First login with an initial PIN: the clerk picks a new one (twice), then is logged in with it. */
export function PinChangeScreen({ clerk, oldPin, onCancel }: Props) {
  const { t } = useTranslation();
  const login = useSession((s) => s.login);
  const [first, setFirst] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const refuse = (text: { zh: string; en: string }, code = 'INVALID_INPUT') =>
    setRefusal({ code, details: {}, text });

  const submit = async () => {
    if (busy) return;
    if (first === null) {
      const problem = pinProblem(pin);
      if (problem) {
        refuse(pinProblemMessage(problem));
        setPin('');
        return;
      }
      setRefusal(null);
      setFirst(pin);
      setPin('');
      return;
    }
    if (pin !== first) {
      refuse({ zh: t('pinChange.mismatch', { lng: 'zh-CN' }), en: t('pinChange.mismatch', { lng: 'en' }) });
      setFirst(null);
      setPin('');
      return;
    }
    setBusy(true);
    try {
      await till.call('pin.change', { clerkId: clerk.id, pin: oldPin, newPin: pin });
      await login(clerk.id, pin);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e) as TillError));
      setFirst(null);
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="login" aria-labelledby="pin-change-title" data-testid="pin-change">
      <div className="login-clerks">
        <h1 id="pin-change-title">{t('pinChange.title', { name: clerk.name })}</h1>
        <p className="hint">{t('pinChange.why')}</p>
        <button type="button" className="btn" onClick={onCancel}>
          {t('pinChange.back')}
        </button>
      </div>
      <div className="login-pin">
        <h2>{first === null ? t('pinChange.enterNew') : t('pinChange.repeat')}</h2>
        <PinPad
          value={pin}
          onChange={setPin}
          onSubmit={() => void submit()}
          busy={busy}
          submitLabel={first === null ? t('pinChange.next') : t('pinChange.save')}
        />
        {refusal && <RefusalMessage refusal={refusal} />}
      </div>
    </section>
  );
}
