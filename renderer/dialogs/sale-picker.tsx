import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleView } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts, when } from '../format/points';
import { fromTillError, type Refusal } from '../state/refusal';

const SALE_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Which sale to void or return: the receipt number typed from the slip, the slip's QR
 * code scanned into the box (found as soon as it is complete), or one of this shop's
 * recent sales, each shown by what was bought.
 */
export function SalePicker({ chosen, onChoose }: { chosen: string | null; onChoose(sale: SaleView): void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [recent, setRecent] = useState<SaleView[]>([]);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    till.call('sale.recent', { limit: 8 }).then(setRecent, () => setRecent([]));
  }, []);

  const find = async (q: string) => {
    setRefusal(null);
    try {
      onChoose(await till.call('sale.find', { query: q }));
      setQuery('');
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  return (
    <div className="sale-picker" data-testid="sale-picker">
      <div className="sale-picker-find">
        <input
          value={query}
          placeholder={t('day.pick.placeholder')}
          onChange={(e) => {
            setQuery(e.target.value);
            if (SALE_ID.test(e.target.value)) void find(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && query.trim().length >= 4) {
              e.preventDefault();
              void find(query);
            }
          }}
          data-testid="sale-query"
        />
        <button
          type="button"
          className="btn"
          disabled={query.trim().length < 4}
          onClick={() => void find(query)}
          data-testid="sale-find"
        >
          {t('day.pick.find')}
        </button>
      </div>
      {refusal && <RefusalMessage refusal={refusal} />}
      {recent.length > 0 && (
        <ul className="recent-sales">
          {recent.map((s) => (
            <li key={s.saleId}>
              <button
                type="button"
                className={s.saleId === chosen ? 'btn recent-sale chosen' : 'btn recent-sale'}
                onClick={() => onChoose(s)}
                data-testid="recent-sale"
              >
                <span>{when(s.at).slice(11, 16)}</span>
                <span>{s.householdNumber}</span>
                <span className="recent-sale-goods">
                  {s.lines.map((l) => t('day.lines', { name: l.name, qty: l.qty })).join('，')}
                </span>
                <span>{pts(s.totalPoints)}</span>
                {s.voided && <span className="pill pill-closed">{t('sale.voided')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
