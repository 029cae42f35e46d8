import { useTranslation } from 'react-i18next';
import type { SaleView } from '../../src/api/contract';
import { pts, when } from '../format/points';

/** The sale a void or return is about, so the manager sees what they approve. */
export function SaleSummary({ sale }: { sale: SaleView }) {
  const { t } = useTranslation();
  return (
    <div className="sale-summary" data-testid="sale-summary">
      <div>
        <strong>{t('success.receiptNo', { no: sale.receiptNo })}</strong> · {when(sale.at)}
      </div>
      <div>
        {t('success.household', { number: sale.householdNumber, name: sale.headName })} ·{' '}
        {t('sale.clerk', { name: sale.clerkName })}
      </div>
      <ul>
        {sale.lines.map((l) => (
          <li key={l.productId}>
            {l.name} × {l.qty} = {pts(l.points)}
          </li>
        ))}
      </ul>
      <div>
        {t('cart.total')}: <strong>{pts(sale.totalPoints)}</strong>
        {sale.voided && <span className="pill pill-closed">{t('sale.voided')}</span>}
        {sale.returnedPoints > 0 && (
          <span className="pill pill-suspended">
            {t('sale.returned', { points: pts(sale.returnedPoints) })}
          </span>
        )}
      </div>
    </div>
  );
}
