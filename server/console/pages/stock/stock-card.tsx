import { useTranslation } from 'react-i18next';
import type { StockCardView } from '../../../../src/console/stock';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { pts, when, yuan } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** #/stock/<shop>/<product>: every move with its running level and cost, and the shop's prices. */
export function StockCardPage({
  townshipId,
  shopId,
  productId,
}: {
  townshipId: string;
  shopId: string;
  productId: string;
}) {
  const { t } = useTranslation();
  const path = `/townships/${townshipId}/shops/${shopId}/stock/${productId}`;
  const view = useLoad(() => api.get<StockCardView>(path), path);
  const c = view.data;
  return (
    <section>
      <p>
        <a href={hrefTo('stock', shopId)}>
          {c ? t('stock.backToShop', { shop: c.shopName }) : t('stock.back')}
        </a>
      </p>
      <ErrorBox error={view.error} />
      {c && (
        <>
          <h1>{t('stock.cardTitle', { name: c.name, shop: c.shopName })}</h1>
          <p data-testid="card-summary">
            {t('stock.summary', {
              qty: c.qty,
              unit: c.unit,
              avg: yuan(c.avgCostFen),
              value: yuan(c.valueFen),
            })}
          </p>
          <p data-testid="card-price">
            {c.pricePoints === null || c.priceSource === null
              ? t('stock.noPrice')
              : t('stock.priceNow', {
                  price: pts(c.pricePoints),
                  source: t(`stock.priceSource.${c.priceSource}`),
                })}
          </p>
          {c.prices.length > 0 && (
            <p className="hint" data-testid="card-prices">
              {t('stock.priceHistory')}:{' '}
              {c.prices
                .map((p) => t('stock.priceFrom', { price: pts(p.pricePoints), time: when(p.fromAt) }))
                .join('；')}
            </p>
          )}
          {c.totalMoves > c.rows.length && (
            <p className="hint">{t('stock.moreMoves', { total: c.totalMoves, shown: c.rows.length })}</p>
          )}
          {c.rows.length === 0 && <p className="hint">{t('stock.noMoves')}</p>}
          {c.rows.length > 0 && (
            <table data-testid="stock-card">
              <thead>
                <tr>
                  <th>{t('stock.time')}</th>
                  <th>{t('stock.kind')}</th>
                  <th className="num">{t('stock.change')}</th>
                  <th className="num">{t('stock.unitCost')}</th>
                  <th className="num">{t('stock.qtyAfter')}</th>
                  <th className="num">{t('stock.avgAfter')}</th>
                  <th className="num">{t('stock.valueAfter')}</th>
                  <th>{t('stock.note')}</th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a card's rows never reorder
                  <tr key={i} className={r.qtyAfter < 0 ? 'bad' : ''}>
                    <td>{when(r.at)}</td>
                    <td>{t(`stock.kinds.${r.kind}`, { defaultValue: r.kind })}</td>
                    <td className="num">{signed(r.qty)}</td>
                    <td className="num">{yuan(r.unitCostFen)}</td>
                    <td className="num">{r.qtyAfter}</td>
                    <td className="num">{yuan(r.avgCostAfterFen)}</td>
                    <td className="num">{yuan(r.valueAfterFen)}</td>
                    <td>{r.reference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
