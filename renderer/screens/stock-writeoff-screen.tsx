import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../src/money';
import { till } from '../api';
import { Problem, ProductSearch, useScannedLines } from './stock-lines';
import { attempt } from './stock-store';

const REASONS = ['damaged', 'expired', 'lost', 'other'] as const;

/** Damaged or expired goods out, with a reason; never more than is on hand. */
export function StockWriteOffScreen() {
  const { t } = useTranslation();
  const [reason, setReason] = useState<(typeof REASONS)[number]>('damaged');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<{ lines: number; valueFen: number } | null>(null);
  const s = useScannedLines(() => '');

  const submit = async () => {
    const done = await attempt(
      () =>
        till.call('stock.writeOff', {
          reason,
          note,
          lines: s.lines.map((l) => ({ productId: l.product.id, qty: l.qty })),
        }),
      s.setRefusal,
    );
    if (done) {
      setResult(done);
      s.setLines([]);
    }
  };

  return (
    <>
      <div className="stock-row">
        <div className="chip-row">
          {REASONS.map((r) => (
            <button
              key={r}
              type="button"
              className={r === reason ? 'btn chip selected' : 'btn chip'}
              onClick={() => setReason(r)}
              data-testid={`writeoff-reason-${r}`}
            >
              {t(`stock.writeOff.${r}`)}
            </button>
          ))}
        </div>
        <label>
          {t('stock.writeOff.note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="writeoff-note" />
        </label>
      </div>
      <ProductSearch onPick={s.add} />
      {s.unknown && <p className="tone-bad">{t('stock.unknownBarcode', { code: s.unknown })}</p>}
      <table className="stock-table" data-testid="writeoff-lines">
        <thead>
          <tr>
            <th>{t('stock.name')}</th>
            <th className="num">{t('stock.qty')}</th>
            <th />
            <th />
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => (
            <tr key={l.product.id} data-testid="writeoff-line">
              <td>{l.product.name}</td>
              <td className="num">
                <input
                  value={l.qty}
                  onChange={(e) => s.update(l.product.id, { qty: e.target.value })}
                  data-testid="line-qty"
                />
              </td>
              <td className="hint">{t('stock.writeOff.onHand', { n: l.product.qty ?? 0 })}</td>
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
      <button
        type="button"
        className="btn btn-danger btn-wide"
        onClick={() => void submit()}
        data-testid="writeoff-submit"
      >
        {t('stock.writeOff.submit')}
      </button>
      {result && (
        <div className="stock-panel tone-good" data-testid="writeoff-result">
          {t('stock.writeOff.result', { lines: result.lines, value: formatYuan(result.valueFen) })}
        </div>
      )}
    </>
  );
}
