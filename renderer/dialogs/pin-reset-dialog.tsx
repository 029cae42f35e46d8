import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkView } from '../../src/api/contract';
import { pinProblem, pinProblemMessage } from '../../src/pin-policy';
import { till } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { useSession } from '../state/session-store';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';
import { DoneNote, useTillAction } from './use-till-action';

/** A manager gives a clerk a new initial PIN (forgotten or locked out); the clerk changes it at login. */
export function PinResetDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const me = useSession((s) => s.clerk);
  const [clerks, setClerks] = useState<ClerkView[]>([]);
  const [clerkId, setClerkId] = useState('');
  const [pin, setPin] = useState('');
  const { busy, done, refusal, setRefusal, run } = useTillAction<string>();

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
    await run(async () => {
      await till.call('pin.reset', { clerkId, newPin: pin });
      return clerk.name;
    });
  };

  return (
    <Modal title={t('pinChange.resetTitle')} onClose={close}>
      {done ? (
        <DoneNote
          testId="pin-reset-done"
          message={t('pinChange.resetDone', { name: done })}
          onClose={close}
        />
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
            disabled={busy || !clerkId || !pin}
            data-testid="pin-reset-submit"
          >
            {t('pinReset.submit')}
          </button>
        </form>
      )}
    </Modal>
  );
}
