import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PinPad } from '../components/pin-pad';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError } from '../state/refusal';
import { useSession } from '../state/session-store';
import { useStatus } from '../state/status-store';
import { PinChangeScreen } from './pin-change-screen';
import { UnlockPanel } from './unlock-panel';

const NO_PINS: { clerkId: string; pin: string }[] = [];

/** Pick who is at the counter, then the PIN. */
export function LoginScreen() {
  const { t } = useTranslation();
  const clerks = useSession((s) => s.clerks);
  const error = useSession((s) => s.error);
  const login = useSession((s) => s.login);
  const clearError = useSession((s) => s.clearError);
  const demoPins = useStatus((s) => s.till?.demoPins) ?? NO_PINS;
  const [clerkId, setClerkId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const busy = useSession((s) => s.loggingIn);
  /** The initial PIN just entered, while its clerk chooses a new one. */
  const [initialPin, setInitialPin] = useState<string | null>(null);
  /** The clerk a manager just unlocked, for the note under the PIN pad. */
  const [unlocked, setUnlocked] = useState<string | null>(null);
  const clerk = clerks.find((c) => c.id === clerkId) ?? null;
  /** Ten wrong PINs in a row: only a manager's PIN unlocks this clerk (decision 0413). */
  const managerLocked = error?.code === 'CLERK_LOCKED' && error.details.managerUnlock === true;

  // The pad empties as the PIN goes, and the store clears `loggingIn` with the answer: when a
  // refusal shows, the pad is already empty and ready for the next PIN.
  const submit = async (entered: string) => {
    if (!clerkId || useSession.getState().loggingIn) return;
    setPin('');
    const ok = await login(clerkId, entered);
    if (!ok && useSession.getState().error?.code === 'PIN_CHANGE_REQUIRED') {
      clearError();
      setInitialPin(entered);
    }
  };

  if (clerk && initialPin !== null) {
    return <PinChangeScreen clerk={clerk} oldPin={initialPin} onCancel={() => setInitialPin(null)} />;
  }

  return (
    <section className="login" aria-labelledby="login-title">
      <div className="login-clerks">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="hint">{t('login.pickClerk')}</p>
        <div className="clerk-grid">
          {clerks.map((c, i) => (
            <button
              key={c.id}
              type="button"
              className={c.id === clerkId ? 'btn clerk-btn selected' : 'btn clerk-btn'}
              onClick={() => {
                setClerkId(c.id);
                setPin('');
                clearError();
              }}
              autoFocus={i === 0}
              data-testid="clerk-button"
            >
              <span className="clerk-name">{c.name}</span>
              <span className="clerk-role">{t(`role.${c.role}`)}</span>
              {demoPins
                .filter((p) => p.clerkId === c.id)
                .map((p) => (
                  <span key={p.clerkId} className="clerk-demo-pin" data-testid="demo-pin">
                    {t('login.demoPin', { pin: p.pin })}
                  </span>
                ))}
            </button>
          ))}
        </div>
      </div>
      <div className="login-pin">
        {clerk ? (
          <>
            {!managerLocked && <h2>{t('login.pinFor', { name: clerk.name })}</h2>}
            {!managerLocked && <PinPad value={pin} onChange={setPin} onSubmit={submit} busy={busy} />}
          </>
        ) : (
          <p className="hint big-hint">{t('login.pickFirst')}</p>
        )}
        {error && <RefusalMessage refusal={fromTillError(error)} />}
        {clerk && managerLocked && (
          <UnlockPanel
            clerk={clerk}
            onUnlocked={() => {
              clearError();
              setUnlocked(clerk.name);
            }}
          />
        )}
        {unlocked && !error && (
          <p className="notice" role="status" data-testid="unlocked">
            {t('unlock.done', { name: unlocked })}
          </p>
        )}
      </div>
    </section>
  );
}
