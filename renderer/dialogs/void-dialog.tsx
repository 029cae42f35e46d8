import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleView } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts } from '../format/points';
import { fromTillError, type Refusal } from '../state/refusal';
import { useUi } from '../state/ui-store';
import { type ManagerApproval, ManagerAuth } from './manager-auth';
import { Modal } from './modal';
import { SalePicker } from './sale-picker';
import { SaleSummary } from './sale-summary';
import { useLastSale } from './use-last-sale';

/** Void the last sale: points and stock go back through reversal entries. */
export function VoidDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const { sale, loaded, refusal: loadRefusal, choose } = useLastSale();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [done, setDone] = useState<SaleView | null>(null);

  const approve = async (a: ManagerApproval) => {
    if (!sale) return;
    setBusy(true);
    setRefusal(null);
    try {
      setDone(await till.call('sale.void', { saleId: sale.saleId, ...a }));
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
    setBusy(false);
  };

  return (
    <Modal title={t('day.pick.voidTitle')} onClose={close}>
      {!loaded && <p>{t('common.loading')}</p>}
      {loadRefusal && <RefusalMessage refusal={loadRefusal} />}
      {!done && (
        <SalePicker
          chosen={sale?.saleId ?? null}
          onChoose={(s) => {
            choose(s);
            setRefusal(null);
          }}
        />
      )}
      {loaded && !sale && !loadRefusal && <p className="hint">{t('void.noSale')}</p>}
      {sale && <SaleSummary sale={done ?? sale} />}
      {done ? (
        <div className="done-note" data-testid="void-done">
          <p className="tone-good big-hint">
            {t('void.done', { points: pts(done.returnedPoints || done.totalPoints) })}
          </p>
          <p className="hint">{t('void.slip')}</p>
          <button type="button" className="btn btn-primary" onClick={close} autoFocus>
            {t('common.ok')}
          </button>
        </div>
      ) : (
        sale &&
        !sale.voided && (
          <>
            <p className="hint">{t('void.explain')}</p>
            <ManagerAuth onApprove={approve} busy={busy} />
          </>
        )
      )}
      {sale?.voided && !done && <p className="tone-warn">{t('void.already')}</p>}
      {refusal && <RefusalMessage refusal={refusal} />}
    </Modal>
  );
}
