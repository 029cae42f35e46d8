import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../src/api/contract';
import { till } from '../api';
import { SCAN_EVENT } from '../scan/use-counter-keys';
import { useCounter } from '../state/counter-store';
import { ProductTile } from './product-tile';

/** Goods by search (name, pinyin initials, number) or from the favourites grid. */
export function ProductPicker() {
  const { t } = useTranslation();
  const add = useCounter((s) => s.add);
  const commit = useCounter((s) => s.commit);
  const blocked = useCounter((s) => s.blocked !== null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProductView[]>([]);
  const [favourites, setFavourites] = useState<ProductView[]>([]);
  const seq = useRef(0);
  const answered = useRef({ query: '', results: [] as ProductView[] });

  useEffect(() => {
    till.call('catalog.favourites', {}).then(setFavourites, () => setFavourites([]));
  }, []);

  useEffect(() => {
    const q = query.trim();
    const mine = ++seq.current;
    const show = (r: ProductView[]) => {
      if (mine !== seq.current) return;
      answered.current = { query: q, results: r };
      setResults(r);
    };
    if (!q) {
      show([]);
      return;
    }
    till.call('catalog.search', { query: q, limit: 24 }).then(show, () => show([]));
  }, [query]);

  useEffect(() => {
    // A scan typed into the search box is a barcode, not a search.
    const clear = () => setQuery('');
    window.addEventListener(SCAN_EVENT, clear);
    return () => window.removeEventListener(SCAN_EVENT, clear);
  }, []);

  const pick = (p: ProductView) => {
    add(p);
    setQuery('');
  };
  // Enter in the box adds the first match, even before the typed search has answered;
  // with the box empty it confirms, so the clerk never has to leave the box first.
  const enter = async () => {
    const q = query.trim();
    if (!q) return commit();
    const first =
      answered.current.query === q
        ? answered.current.results[0]
        : (await till.call('catalog.search', { query: q, limit: 1 }).catch(() => []))[0];
    if (first) pick(first);
  };
  const shown = query.trim() ? results : favourites;

  return (
    <section className={blocked ? 'picker picker-blocked' : 'picker'} aria-label={t('picker.label')}>
      <input
        id="product-search"
        className="search"
        type="search"
        value={query}
        placeholder={t('picker.placeholder')}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void enter();
          } else if (e.key === 'Escape') {
            setQuery('');
            (e.target as HTMLInputElement).blur();
          }
        }}
        autoComplete="off"
        data-testid="product-search"
      />
      <h3 className="picker-heading">{query.trim() ? t('picker.results') : t('picker.favourites')}</h3>
      <div className="tiles">
        {shown.map((p) => (
          <ProductTile key={p.id} product={p} onPick={pick} />
        ))}
        {query.trim() && results.length === 0 && <p className="hint">{t('picker.none')}</p>}
      </div>
    </section>
  );
}
