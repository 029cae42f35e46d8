import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkView } from '../../src/api/contract';
import { pinProblem, pinProblemMessage } from '../../src/pin-policy';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';

/** A manager gives a clerk a new initial PIN (forgotten or locked out); the clerk changes it at login. */
export function PinResetDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const me = useSession((s) => s.clerk);
  const [clerks, setClerks] = useState<ClerkView[]>([]);
  const [clerkId, setClerkId] = useState('');
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    void till.call('session.clerks', {}).then((all) => setClerks(all.filter((c) => c.id !== me?.id)));
  }, [me]);

  const submit = async () => {
    const clerk = clerks.find((c) => c.id === clerkId);
    if (!clerk) return;
    const problem = pinProblem(pin);
    if (problem) {
      setRefusal({ code: 'INVALID_INPUT', details: {}, text: pinProblemMessage(problem) });
      return;
    }
    try {
      await till.call('pin.reset', { clerkId, newPin: pin });
      setDone(clerk.name);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  return (
    <Modal title={t('pinChange.resetTitle')} onClose={close}>
      {done ? (
        <div className="done-note" data-testid="pin-reset-done">
          <p className="tone-good big-hint">{t('pinChange.resetDone', { name: done })}</p>
          <button type="button" className="btn btn-primary" onClick={close} autoFocus>
            {t('common.ok')}
          </button>
        </div>
      ) : (
        <form
          className="lost-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            {t('pinReset.clerk')}
            <select
              value={clerkId}
              onChange={(e) => setClerkId(e.target.value)}
              data-testid="pin-reset-clerk"
            >
              <option value="" />
              {clerks.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('pinReset.newPin')}
            <input
              className="text-input mono"
              type="password"
              inputMode="numeric"
              value={pin}
              maxLength={8}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
              data-testid="pin-reset-pin"
            />
          </label>
          {refusal && <RefusalMessage refusal={refusal} />}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!clerkId || !pin}
            data-testid="pin-reset-submit"
          >
            {t('pinReset.submit')}
          </button>
        </form>
      )}
    </Modal>
  );
}
