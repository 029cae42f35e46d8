import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftSummary } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts, when } from '../format/points';
import { fromTillError, type Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';

/** Close the shift: the summary on screen and on paper, then the clerk logs out. */
export function ShiftCloseDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const logout = useSession((s) => s.logout);
  const [shift, setShift] = useState<ShiftSummary | null>(null);
  const [closed, setClosed] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    till.call('shift.current', {}).then(setShift, (e) => setRefusal(fromTillError(toTillError(e))));
  }, []);

  const doClose = async () => {
    try {
      setShift(await till.call('shift.close', {}));
      setClosed(true);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  const finish = () => {
    close();
    void logout();
  };

  return (
    <Modal title={t('shift.closeTitle')} onClose={closed ? finish : close}>
      {shift && (
        <div className="shift-summary" data-testid="shift-summary">
          <p>
            {t('shift.by', { name: shift.clerkName })} · {when(shift.openedAt)}
            {shift.closedAt ? ` – ${when(shift.closedAt)}` : ''}
          </p>
          <dl className="success-figures">
            <div>
              <dt>{t('shift.sales')}</dt>
              <dd>{shift.sales}</dd>
            </div>
            <div>
              <dt>{t('shift.voids')}</dt>
              <dd>{shift.voids}</dd>
            </div>
            <div>
              <dt>{t('shift.points')}</dt>
              <dd>{pts(shift.pointsRedeemed)}</dd>
            </div>
          </dl>
          <table className="goods-table">
            <thead>
              <tr>
                <th>{t('shift.goods')}</th>
                <th>{t('shift.qty')}</th>
                <th>{t('shift.goodsPoints')}</th>
              </tr>
            </thead>
            <tbody>
              {shift.goods.map((g) => (
                <tr key={g.productId}>
                  <td>{g.name}</td>
                  <td>{g.qty}</td>
                  <td>{pts(g.points)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {closed ? (
        <>
          <p className="tone-good">{t('shift.closedPrinted')}</p>
          <button type="button" className="btn btn-primary btn-wide" onClick={finish} autoFocus>
            {t('shift.finish')}
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn btn-primary btn-wide"
          onClick={() => void doClose()}
          disabled={!shift}
          data-testid="shift-close-confirm"
        >
          {t('shift.closeConfirm')}
        </button>
      )}
      {refusal && <RefusalMessage refusal={refusal} />}
    </Modal>
  );
}
