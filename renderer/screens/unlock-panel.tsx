import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkView } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { PinPad } from '../components/pin-pad';
import { useReasonChoice } from '../components/reason-picker';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';

/**
 * Shown on the login screen when a clerk is locked until a manager unlocks them: the
 * manager picks their own name, says why and gives their own PIN (`session.unlock`,
 * decisions 0413, 0310); the unlock is journalled with the reason.
 */
export function UnlockPanel({ clerk, onUnlocked }: { clerk: ClerkView; onUnlocked(): void }) {
  const { t } = useTranslation();
  const clerks = useSession((s) => s.clerks);
  const managers = clerks.filter((c) => (c.role === 'manager' || c.role === 'officer') && c.id !== clerk.id);
  const [managerId, setManagerId] = useState<string | null>(managers.length === 1 ? managers[0]!.id : null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const { reason, picker } = useReasonChoice(['forgot', 'others', 'other'], 'unlock.reason');

  const submit = async () => {
    if (!managerId || busy || !reason) return;
    setBusy(true);
    try {
      await till.call('session.unlock', { clerkId: clerk.id, managerId, managerPin: pin, reason });
      onUnlocked();
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    } finally {
      setBusy(false);
      setPin('');
    }
  };

  return (
    <div className="unlock-panel" data-testid="unlock-panel">
      <h2>{t('unlock.title', { name: clerk.name })}</h2>
      {managers.length === 0 ? (
        <p className="hint">{t('unlock.noManager')}</p>
      ) : (
        <>
          <h3>{t('unlock.who')}</h3>
          <div className="chip-row">
            {managers.map((m) => (
              <button
                key={m.id}
                type="button"
                className={m.id === managerId ? 'btn chip selected' : 'btn chip'}
                onClick={() => setManagerId(m.id)}
                data-testid="unlock-manager"
              >
                {m.name}
              </button>
            ))}
          </div>
          <h3>{t('unlock.why')}</h3>
          {picker}
          <h3>{t('unlock.pin')}</h3>
          <PinPad
            value={pin}
            onChange={setPin}
            onSubmit={submit}
            busy={busy || !managerId}
            submitLabel={t('unlock.submit')}
          />
        </>
      )}
      {refusal && <RefusalMessage refusal={refusal} />}
    </div>
  );
}
