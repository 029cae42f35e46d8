import { useState } from 'react';
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

/** Return some items of the last sale: choose quantities, then a manager approves. */
export function ReturnDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const { sale, loaded, refusal: loadRefusal, choose } = useLastSale();
  const [qty, setQty] = useState<Record<string, number>>({});
  const { busy, done, refusal, setRefusal, run } = useTillAction<SaleView>();

  const lines = Object.entries(qty)
    .filter(([, q]) => q > 0)
    .map(([productId, q]) => ({ productId, qty: q }));
  const points = sale ? sale.lines.reduce((sum, l) => sum + (qty[l.productId] ?? 0) * l.unitPoints, 0) : 0;

  const approve = async (a: ManagerApproval) => {
    if (!sale || lines.length === 0) return;
    await run(() => till.call('sale.return', { saleId: sale.saleId, ...a, lines }));
  };

  return (
    <Modal title={t('return.title')} onClose={close}>
      {!loaded && <p>{t('common.loading')}</p>}
      {loadRefusal && <RefusalMessage refusal={loadRefusal} />}
      {!done && (
        <SalePicker
          chosen={sale?.saleId ?? null}
          onChoose={(s) => {
            choose(s);
            setQty({});
            setRefusal(null);
          }}
        />
      )}
      {loaded && !sale && !loadRefusal && <p className="hint">{t('void.noSale')}</p>}
      {sale && <SaleSummary sale={done ?? sale} />}
      {done && (
        <DoneNote testId="return-done" message={t('return.done', { points: pts(points) })} onClose={close} />
      )}
      {sale && !sale.voided && !done && (
        <>
          <ul className="return-lines">
            {sale.lines.map((l) => {
              const q = qty[l.productId] ?? 0;
              const set = (n: number) => setQty({ ...qty, [l.productId]: Math.max(0, Math.min(l.qty, n)) });
              return (
                <li key={l.productId}>
                  <span>{l.name}</span>
                  <button
                    type="button"
                    className="btn qty-btn"
                    onClick={() => set(q - 1)}
                    aria-label={t('cart.less')}
                  >
                    −
                  </button>
                  <span className="qty-value">
                    {q} / {l.qty}
                  </span>
                  <button
                    type="button"
                    className="btn qty-btn"
                    onClick={() => set(q + 1)}
                    aria-label={t('cart.more')}
                  >
                    +
                  </button>
                </li>
              );
            })}
          </ul>
          <p>{t('return.points', { points: pts(points) })}</p>
          {lines.length > 0 && <ManagerAuth onApprove={approve} busy={busy} />}
        </>
      )}
      {refusal && <RefusalMessage refusal={refusal} />}
    </Modal>
  );
}
