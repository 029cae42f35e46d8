import { useTranslation } from 'react-i18next';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError } from '../state/refusal';
import { useSession } from '../state/session-store';

/** No shift is open: the clerk opens one before the first sale. */
export function ShiftOpenScreen() {
  const { t } = useTranslation();
  const clerk = useSession((s) => s.clerk);
  const error = useSession((s) => s.error);
  const openShift = useSession((s) => s.openShift);
  const logout = useSession((s) => s.logout);

  return (
    <section className="centered-panel">
      <h1>{t('shift.welcome', { name: clerk?.name ?? '' })}</h1>
      <p className="hint">{t('shift.noneOpen')}</p>
      <button
        type="button"
        className="btn btn-primary btn-huge"
        onClick={() => void openShift()}
        autoFocus
        data-testid="shift-open"
      >
        {t('shift.open')}
      </button>
      <button type="button" className="btn" onClick={() => void logout()}>
        {t('menu.logout')}
      </button>
      {error && <RefusalMessage refusal={fromTillError(error)} />}
    </section>
  );
}
