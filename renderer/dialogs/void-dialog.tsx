import { useTranslation } from 'react-i18next';
import type { SaleView } from '../../src/api/contract';
import { till } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts } from '../format/points';
import { useUi } from '../state/ui-store';
import { type ManagerApproval, ManagerAuth } from './manager-auth';
import { Modal } from './modal';
import { SalePicker } from './sale-picker';
import { SaleSummary } from './sale-summary';
import { useLastSale } from './use-last-sale';
import { DoneNote, useTillAction } from './use-till-action';

/** Void the last sale: points and stock go back through reversal entries. */
export function VoidDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const { sale, loaded, refusal: loadRefusal, choose } = useLastSale();
  const { busy, done, refusal, setRefusal, run } = useTillAction<SaleView>();

  const approve = async (a: ManagerApproval) => {
    if (!sale) return;
    await run(() => till.call('sale.void', { saleId: sale.saleId, ...a }));
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
        <DoneNote
          testId="void-done"
          message={t('void.done', { points: pts(done.returnedPoints || done.totalPoints) })}
          hint={t('void.slip')}
          onClose={close}
        />
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
