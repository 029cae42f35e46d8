import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptSummary } from '../../src/api/stock';
import { formatYuan } from '../../src/money';
import { till } from '../api';
import { Problem, ProductSearch, UnknownBarcode, useScannedLines } from './stock-lines';
import { attempt, yuanToFen } from './stock-store';

/** Goods in: a purchase (supplier, cost per unit) or a donation (donor, estimated value). */
export function StockReceiveScreen() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'purchase' | 'donation'>('purchase');
  const [party, setParty] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<ReceiptSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const s = useScannedLines((p) => formatYuan(p.costFen || p.avgCostFen));

  const submit = async () => {
    setBusy(true);
    const done = await attempt(
      () =>
        till.call('stock.receive', {
          kind,
          party,
          note,
          print: true,
          lines: s.lines.map((l) => ({
            productId: l.product.id,
            qty: l.qty,
            packs: l.packs,
            unitCostFen: yuanToFen(l.cost),
          })),
        }),
      s.setRefusal,
    );
    setBusy(false);
    if (done) {
      setResult(done);
      s.setLines([]);
    }
  };

  return (
    <>
      <div className="stock-row">
        <div className="chip-row">
          {(['purchase', 'donation'] as const).map((k) => (
            <button
              key={k}
              type="button"
              className={k === kind ? 'btn chip selected' : 'btn chip'}
              onClick={() => setKind(k)}
              data-testid={`receive-kind-${k}`}
            >
              {t(`stock.receive.${k}`)}
            </button>
          ))}
        </div>
        <label>
          {t(kind === 'purchase' ? 'stock.receive.supplier' : 'stock.receive.donor')}
          <input value={party} onChange={(e) => setParty(e.target.value)} data-testid="receive-party" />
        </label>
        <label>
          {t('stock.receive.note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>
      {kind === 'donation' && <p className="hint">{t('stock.receive.donationPolicy')}</p>}
      <ProductSearch onPick={s.add} />
      {s.unknown && <UnknownBarcode code={s.unknown} />}
      <table className="stock-table" data-testid="receive-lines">
        <thead>
          <tr>
            <th>{t('stock.name')}</th>
            <th className="num">{t('stock.qty')}</th>
            <th>{t('stock.unit')}</th>
            <th className="num">{t(kind === 'purchase' ? 'stock.cost' : 'stock.estimate')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {s.lines.length === 0 && (
            <tr>
              <td colSpan={5} className="hint">
                {t('stock.noLines')}
              </td>
            </tr>
          )}
          {s.lines.map((l) => (
            <tr key={l.product.id} data-testid="receive-line">
              <td>{l.product.name}</td>
              <td className="num">
                <input
                  value={l.qty}
                  inputMode="numeric"
                  onChange={(e) => s.update(l.product.id, { qty: e.target.value })}
                  data-testid="line-qty"
                />
              </td>
              <td>
                {l.product.packSize > 1 ? (
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={l.packs}
                      onChange={(e) => s.update(l.product.id, { packs: e.target.checked })}
                      data-testid="line-packs"
                    />
                    {t('stock.byCase', { n: l.product.packSize })}
                  </label>
                ) : (
                  l.product.unit
                )}
              </td>
              <td className="num">
                <input
                  value={l.cost}
                  inputMode="decimal"
                  onChange={(e) => s.update(l.product.id, { cost: e.target.value })}
                  data-testid="line-cost"
                />
              </td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => s.remove(l.product.id)}>
                  {t('stock.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Problem refusal={s.refusal} />
      <div className="stock-row">
        <button
          type="button"
          className="btn btn-primary btn-wide"
          disabled={busy}
          onClick={() => void submit()}
          data-testid="receive-submit"
        >
          {t('stock.receive.submit')}
        </button>
      </div>
      {result && (
        <div className="stock-panel tone-good" data-testid="receive-result">
          {t('stock.receive.result', { lines: result.lines.length, total: formatYuan(result.totalFen) })}
          <span>{t('stock.printed')}</span>
        </div>
      )}
    </>
  );
}
