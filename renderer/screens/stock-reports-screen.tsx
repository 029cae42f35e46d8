import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockCardView, StockResults } from '../../src/api/stock';
import { formatYuan } from '../../src/money';
import { till } from '../api';
import { when } from '../format/points';
import type { Refusal } from '../state/refusal';
import { Problem } from './stock-lines';
import { attempt, useStockScan } from './stock-store';

/** Low-stock list, stock value at moving-average cost, and a product's stock card. */
export function StockReportsScreen() {
  const { t } = useTranslation();
  const [low, setLow] = useState<StockResults['stock.report.lowStock']>([]);
  const [value, setValue] = useState<StockResults['stock.report.value'] | null>(null);
  const [card, setCard] = useState<StockCardView | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    void till.call('stock.report.lowStock', {}).then(setLow);
    void till.call('stock.report.value', {}).then(setValue);
  }, []);

  const reference = (kind: string, ref: string) =>
    kind === 'write-off'
      ? t(`stock.writeOff.${ref}`, { defaultValue: ref })
      : kind === 'stocktake'
        ? `${t('stock.tabs.count')} ${ref.slice(-6).toUpperCase()}`
        : ref;
  const showCard = async (productId: string) => {
    const c = await attempt(() => till.call('stock.report.card', { productId }), setRefusal);
    if (c) setCard(c);
  };
  useStockScan((code) => {
    void attempt(() => till.call('stock.byBarcode', { code }), setRefusal).then(
      (p) => p && void showCard(p.id),
    );
  });

  return (
    <>
      <div className="stock-panel" data-testid="report-low">
        <h2>{t('stock.reports.low')}</h2>
        {low.length === 0 && <p className="hint">{t('stock.reports.lowNone')}</p>}
        <div className="chip-row">
          {low.map((r) => (
            <button
              key={r.productId}
              type="button"
              className="btn chip"
              onClick={() => void showCard(r.productId)}
            >
              {r.name} {r.qty}
              {r.unit}
              {r.needsCount ? ` · ${t('stock.reports.needsCount')}` : ''}
            </button>
          ))}
        </div>
      </div>
      {card && (
        <div className="stock-panel" data-testid="report-card">
          <h2>
            {t('stock.reports.card')} · {card.name} · {card.qty}
            {card.unit} · {t('stock.reports.avg')} {formatYuan(card.avgCostFen)}
          </h2>
          <table className="stock-table">
            <thead>
              <tr>
                <th>{t('stock.reports.at')}</th>
                <th>{t('stock.reports.kind')}</th>
                <th className="num">{t('stock.reports.change')}</th>
                <th className="num">{t('stock.reports.after')}</th>
                <th className="num">{t('stock.reports.unitCost')}</th>
                <th className="num">{t('stock.reports.avgAfter')}</th>
                <th className="num">{t('stock.reports.valueAfter')}</th>
                <th>{t('stock.reports.ref')}</th>
              </tr>
            </thead>
            <tbody>
              {card.rows.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are an immutable ledger in order
                <tr key={i} data-testid="card-row">
                  <td>{when(r.at)}</td>
                  <td>{t(`stock.reports.kinds.${r.kind}`, { defaultValue: r.kind })}</td>
                  <td className="num">{r.qty > 0 ? `+${r.qty}` : r.qty}</td>
                  <td className="num">{r.qtyAfter}</td>
                  <td className="num">{formatYuan(r.unitCostFen)}</td>
                  <td className="num">{formatYuan(r.avgCostAfterFen)}</td>
                  <td className="num">{formatYuan(r.valueAfterFen)}</td>
                  <td>{reference(r.kind, r.reference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Problem refusal={refusal} />
      {value && (
        <div className="stock-panel" data-testid="report-value">
          <h2>
            {t('stock.reports.value')}
            {t('stock.colon')}
            {formatYuan(value.totalFen)}
          </h2>
          <p className="hint">
            {t('stock.reports.donated')}
            {t('stock.colon')}
            {formatYuan(value.donatedEstimateFen)}
          </p>
          <table className="stock-table">
            <thead>
              <tr>
                <th>{t('stock.name')}</th>
                <th className="num">{t('stock.qty')}</th>
                <th className="num">{t('stock.reports.avg')}</th>
                <th className="num">{t('stock.reports.valueCol')}</th>
              </tr>
            </thead>
            <tbody>
              {value.rows.map((r) => (
                <tr
                  key={r.productId}
                  className="clickable"
                  onClick={() => void showCard(r.productId)}
                  data-testid="value-row"
                >
                  <td>{r.name}</td>
                  <td className="num">{r.qty}</td>
                  <td className="num">{formatYuan(r.avgCostFen)}</td>
                  <td className="num">{formatYuan(r.valueFen)}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <strong>{t('stock.reports.total')}</strong>
                </td>
                <td />
                <td />
                <td className="num" data-testid="value-total">
                  <strong>{formatYuan(value.totalFen)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
