import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockProductView } from '../../src/api/stock';
import { till } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import type { Refusal } from '../state/refusal';
import { attempt, useStockNav, useStockScan } from './stock-store';

export interface StockLine {
  product: StockProductView;
  qty: string;
  packs: boolean;
  cost: string;
}

/**
 * The lines of a delivery or write-off: a scan adds the product or one more of it, a
 * search adds by name; an unknown barcode offers to create the product on the spot.
 */
export function useScannedLines(initialCost: (p: StockProductView) => string) {
  const [lines, setLines] = useState<StockLine[]>([]);
  const [unknown, setUnknown] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const add = (product: StockProductView) => {
    setUnknown(null);
    setLines((ls) => {
      const at = ls.findIndex((l) => l.product.id === product.id);
      if (at < 0) return [...ls, { product, qty: '1', packs: false, cost: initialCost(product) }];
      return ls.map((l, i) => (i === at ? { ...l, qty: String((Number(l.qty) || 0) + 1) } : l));
    });
  };

  useStockScan((code) => {
    void attempt(
      () => till.call('stock.byBarcode', { code }),
      (r) => {
        if (r?.code === 'UNKNOWN_PRODUCT') {
          setUnknown(code);
          setRefusal(null);
        } else setRefusal(r);
      },
    ).then((p) => p && add(p));
  });

  const update = (id: string, patch: Partial<StockLine>) =>
    setLines((ls) => ls.map((l) => (l.product.id === id ? { ...l, ...patch } : l)));
  const remove = (id: string) => setLines((ls) => ls.filter((l) => l.product.id !== id));
  return { lines, setLines, add, update, remove, unknown, refusal, setRefusal };
}

export function UnknownBarcode({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <div className="stock-panel" data-testid="stock-unknown">
      <span>{t('stock.unknownBarcode', { code })}</span>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => useStockNav.getState().editNew(code)}
        data-testid="stock-create-product"
      >
        {t('stock.createProduct')}
      </button>
    </div>
  );
}

/** Search by name, pinyin initials or barcode; a click adds the product. */
export function ProductSearch({
  onPick,
  goodsOnly = true,
}: {
  onPick(p: StockProductView): void;
  goodsOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<StockProductView[]>([]);
  const search = async (q: string) => {
    setQuery(q);
    if (!q.trim()) return setFound([]);
    const all = await till.call('stock.products', { query: q }).catch(() => []);
    setFound(all.filter((p) => !goodsOnly || !p.isService).slice(0, 8));
  };
  return (
    <div className="stock-search">
      <input
        type="search"
        placeholder={t('stock.search')}
        value={query}
        onChange={(e) => void search(e.target.value)}
        data-testid="stock-search"
      />
      <div className="chip-row">
        {found.map((p) => (
          <button
            key={p.id}
            type="button"
            className="btn chip"
            onClick={() => {
              onPick(p);
              setQuery('');
              setFound([]);
            }}
            data-testid="stock-search-result"
          >
            {p.name}
          </button>
        ))}
      </div>
    </div>
  );
}

export function Problem({ refusal }: { refusal: Refusal | null }) {
  return refusal ? <RefusalMessage refusal={refusal} /> : null;
}
