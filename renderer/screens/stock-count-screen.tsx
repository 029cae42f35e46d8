import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CountView } from '../../src/api/stock';
import { till } from '../api';
import type { Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';
import { Problem } from './stock-lines';
import { attempt, useStockScan } from './stock-store';

/** Stocktake: open a count, count by scanning or typing, print the sheet, a manager approves. */
export function StockCountScreen() {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<CountView[]>([]);
  const [count, setCount] = useState<CountView | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const reload = useCallback(async () => setCounts(await till.call('stock.count.list', {})), []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const open = async (all: boolean) => {
    const c = await attempt(() => till.call('stock.count.open', all ? {} : { productIds: [] }), setRefusal);
    if (c) {
      setCount(c);
      void reload();
    }
  };

  const record = async (productId: string, qty: number | string, mode: 'add' | 'set') => {
    if (!count) return;
    const c = await attempt(
      () => till.call('stock.count.record', { countId: count.id, productId, qty, mode }),
      setRefusal,
    );
    if (c) setCount(c);
  };

  useStockScan((code) => {
    if (!count) return;
    void attempt(() => till.call('stock.byBarcode', { code }), setRefusal).then(
      (p) => p && void record(p.id, 1, 'add'),
    );
  });

  if (!count) {
    return (
      <div className="stock-panel">
        <h2>{t('stock.count.open')}</h2>
        {counts.length === 0 && <p className="hint">{t('stock.count.none')}</p>}
        {counts.map((c) => (
          <button
            key={c.id}
            type="button"
            className="btn"
            onClick={() => setCount(c)}
            data-testid="count-open-item"
          >
            {t('stock.count.sheet')} · {t('stock.count.countedBy', { name: c.countedBy.name })} ·{' '}
            {c.lines.length}
          </button>
        ))}
        <div className="stock-row">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void open(true)}
            data-testid="count-new-all"
          >
            {t('stock.count.newAll')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void open(false)}
            data-testid="count-new-empty"
          >
            {t('stock.count.newEmpty')}
          </button>
        </div>
        <Problem refusal={refusal} />
        {message && <p className="tone-good">{message}</p>}
      </div>
    );
  }

  return (
    <CountSheet
      count={count}
      refusal={refusal}
      onRecord={record}
      onPrint={async () => {
        const ok = await attempt(() => till.call('stock.count.print', { countId: count.id }), setRefusal);
        if (ok) setMessage(t('stock.printed'));
      }}
      onDone={(c, text) => {
        setCount(c.state === 'open' ? c : null);
        setMessage(text);
        void reload();
      }}
      onRefusal={setRefusal}
      message={message}
    />
  );
}

function CountSheet(props: {
  count: CountView;
  refusal: Refusal | null;
  message: string | null;
  onRecord(productId: string, qty: string, mode: 'set'): Promise<void>;
  onPrint(): Promise<void>;
  onDone(c: CountView, message: string): void;
  onRefusal(r: Refusal | null): void;
}) {
  const { t } = useTranslation();
  const { count } = props;
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [keep, setKeep] = useState<Record<string, 'counted' | 'difference'>>({});
  const managers = useSession((s) => s.clerks).filter(
    (c) => c.role === 'manager' && c.id !== count.countedBy.id,
  );
  const [managerId, setManagerId] = useState<string>('');
  const [pin, setPin] = useState('');
  const moved = count.lines.some((l) => l.moved);

  const approve = async () => {
    const c = await attempt(
      () =>
        till.call('stock.count.approve', {
          countId: count.id,
          managerId: managerId || managers[0]?.id || count.countedBy.id,
          managerPin: pin,
          resolutions: keep,
        }),
      props.onRefusal,
    );
    setPin('');
    if (c) props.onDone(c, t('stock.count.posted'));
  };

  return (
    <div className="stock-panel" data-testid="count-sheet">
      <h2>
        {t('stock.count.sheet')} · {t('stock.count.countedBy', { name: count.countedBy.name })}
      </h2>
      <table className="stock-table">
        <thead>
          <tr>
            <th>{t('stock.name')}</th>
            <th className="num">{t('stock.count.book')}</th>
            <th className="num">{t('stock.count.counted')}</th>
            <th className="num">{t('stock.count.diff')}</th>
            <th className="num">{t('stock.count.current')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {count.lines.map((l) => (
            <tr
              key={l.productId}
              className={l.moved ? 'moved' : ''}
              data-testid="count-line"
              data-name={l.name}
            >
              <td>{l.name}</td>
              <td className="num">{l.bookQty}</td>
              <td className="num">
                <input
                  value={typed[l.productId] ?? (l.counted === null ? '' : String(l.counted))}
                  placeholder={t('stock.count.uncounted')}
                  onChange={(e) => setTyped((x) => ({ ...x, [l.productId]: e.target.value }))}
                  onBlur={() => {
                    const v = typed[l.productId];
                    if (v !== undefined && v !== String(l.counted ?? ''))
                      void props.onRecord(l.productId, v, 'set');
                    setTyped((x) => {
                      const { [l.productId]: _gone, ...rest } = x;
                      return rest;
                    });
                  }}
                  data-testid="count-qty"
                />
              </td>
              <td className="num" data-testid="count-diff">
                {l.difference === null ? '' : l.difference > 0 ? `+${l.difference}` : l.difference}
              </td>
              <td className="num">{l.currentQty}</td>
              <td>
                {l.moved && (
                  <div className="chip-row" data-testid="count-moved">
                    <span className="tone-warn">{t('stock.count.moved')}</span>
                    {(['counted', 'difference'] as const).map((k) => (
                      <button
                        key={k}
                        type="button"
                        className={
                          keep[l.productId] === k ? 'btn btn-small chip selected' : 'btn btn-small chip'
                        }
                        onClick={() => setKeep((x) => ({ ...x, [l.productId]: k }))}
                        data-testid={`count-keep-${k}`}
                      >
                        {t(k === 'counted' ? 'stock.count.keepCounted' : 'stock.count.keepDifference')}
                      </button>
                    ))}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="stock-row">
        <button type="button" className="btn" onClick={() => void props.onPrint()} data-testid="count-print">
          {t('stock.count.print')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          onClick={async () => {
            const c = await attempt(
              () => till.call('stock.count.cancel', { countId: count.id }),
              props.onRefusal,
            );
            if (c) props.onDone(c, '');
          }}
        >
          {t('stock.count.cancel')}
        </button>
      </div>
      <div className="stock-panel">
        <h3>{t('stock.count.approveTitle')}</h3>
        {moved && <p className="tone-warn">{t('stock.count.moved')}</p>}
        <div className="stock-row">
          <label>
            {t('stock.count.manager')}
            <select
              value={managerId}
              onChange={(e) => setManagerId(e.target.value)}
              data-testid="count-manager"
            >
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('stock.count.pin')}
            <input
              type="password"
              inputMode="numeric"
              value={pin}
              onChange={(e) => setPin(e.target.value)}
              data-testid="count-pin"
            />
          </label>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void approve()}
            data-testid="count-approve"
          >
            {t('stock.count.approve')}
          </button>
        </div>
      </div>
      <Problem refusal={props.refusal} />
      {props.message && <p className="tone-good">{props.message}</p>}
    </div>
  );
}
