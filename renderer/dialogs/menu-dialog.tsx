import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { currentLanguage, setLanguage } from '../i18n';
import { useStockNav } from '../screens/stock-store';
import { fromTillError, type Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';

/** Less frequent jobs, each one big button away. */
export function MenuDialog() {
  const { t } = useTranslation();
  const open = useUi((s) => s.open);
  const close = useUi((s) => s.close);
  const logout = useSession((s) => s.logout);
  const canStock = useSession((s) => s.clerk?.role === 'manager' || s.clerk?.role === 'stockkeeper');
  const canScore = useSession((s) => ['cadre', 'manager', 'officer'].includes(s.clerk?.role ?? ''));
  const isManager = useSession((s) => s.clerk?.role === 'manager' || s.clerk?.role === 'officer');
  const [message, setMessage] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const reprint = async () => {
    setRefusal(null);
    try {
      await till.call('printer.reprintLast', {});
      setMessage(t('menu.reprinted'));
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  return (
    <Modal title={t('menu.title')} onClose={close}>
      <div className="menu-grid">
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => open('void')}
          data-testid="menu-void"
          autoFocus
        >
          {t('day.pick.voidTitle')}
        </button>
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => open('return')}
          data-testid="menu-return"
        >
          {t('menu.return')}
        </button>
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => void reprint()}
          data-testid="menu-reprint"
        >
          {t('menu.reprint')}
        </button>
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => open('report-lost')}
          data-testid="menu-report-lost"
        >
          {t('menu.reportLost')}
        </button>
        {canStock && (
          <button
            type="button"
            className="btn menu-btn"
            onClick={() => {
              close();
              useStockNav.getState().show();
            }}
            data-testid="menu-stock"
          >
            {t('stock.menu')}
          </button>
        )}
        {canScore && (
          <button
            type="button"
            className="btn menu-btn"
            onClick={() => open('points')}
            data-testid="menu-points"
          >
            {t('points.menu')}
          </button>
        )}
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => open('hardware')}
          data-testid="menu-hardware"
        >
          {t('menu.hardware')}
        </button>
        {isManager && (
          <button
            type="button"
            className="btn menu-btn"
            onClick={() => open('overdrafts')}
            data-testid="menu-overdrafts"
          >
            {t('day.overdrafts.menu')}
          </button>
        )}
        {isManager && (
          <button
            type="button"
            className="btn menu-btn"
            onClick={() => open('settings')}
            data-testid="menu-settings"
          >
            {t('day.settings.menu')}
          </button>
        )}
        {isManager && (
          <button
            type="button"
            className="btn menu-btn"
            onClick={() => open('card-issue')}
            data-testid="menu-card-issue"
          >
            {t('cardIssue.menu')}
          </button>
        )}
        {isManager && (
          <button
            type="button"
            className="btn menu-btn"
            onClick={() => open('pin-reset')}
            data-testid="menu-pin-reset"
          >
            {t('pinReset.menu')}
          </button>
        )}
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => open('shift-close')}
          data-testid="menu-shift-close"
        >
          {t('menu.closeShift')}
        </button>
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => setLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en')}
        >
          {t('status.switchLanguage')}
        </button>
        <button
          type="button"
          className="btn menu-btn"
          onClick={() => {
            close();
            void logout();
          }}
          data-testid="menu-logout"
        >
          {t('menu.logout')}
        </button>
      </div>
      {message && <p className="tone-good">{message}</p>}
      {refusal && <RefusalMessage refusal={refusal} />}
    </Modal>
  );
}
