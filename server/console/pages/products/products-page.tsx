import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../../../src/console/people';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { useEditor } from '../../hooks/use-editor';
import { useLoad } from '../../hooks/use-load';
import { points } from '../households/format';
import type { PageProps } from '../types';

type Form = {
  name: string;
  /** The barcodes already added (the first is the counter's main one) and the one being typed. */
  barcodes: string[];
  barcode: string;
  unit: string;
  price: string;
  cost: string;
  category: string;
  isService: boolean;
  active: boolean;
  packSize: string;
  lowStock: string;
};

const EMPTY: Form = {
  name: '',
  barcodes: [],
  barcode: '',
  unit: '个',
  price: '',
  cost: '0',
  category: '',
  isService: false,
  active: true,
  packSize: '1',
  lowStock: '0',
};

const BARCODE = /^\d{6,14}$/;

/** "12.5" → 1250; null when not a number with at most two decimals. */
function hundredths(s: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

const toForm = (p: ProductView): Form => ({
  name: p.name,
  barcodes: p.barcodes,
  barcode: '',
  unit: p.unit,
  price: points(p.pricePoints),
  cost: (p.costFen / 100).toFixed(2),
  category: p.category,
  isService: p.isService,
  active: p.active,
  packSize: String(p.packSize),
  lowStock: String(p.lowStock),
});

/** The township's price list: find, add and edit products; tills get changes with their next pull. */
export function ProductsPage({ townshipId }: PageProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const path = `/townships/${townshipId}/products?q=${encodeURIComponent(q)}`;
  const list = useLoad(() => api.get<ProductView[]>(path), path);
  const editor = useEditor(EMPTY, list.reload);
  const { form: f, set, error, message } = editor;

  /** The list with the typed barcode added, or null (and the reason shown) when it is not one. */
  const withTyped = (): string[] | null => {
    const code = f.barcode.trim();
    if (!code) return f.barcodes;
    if (!BARCODE.test(code)) {
      editor.refuse(t('products.badBarcode', { code }));
      return null;
    }
    return f.barcodes.includes(code) ? f.barcodes : [...f.barcodes, code];
  };
  /** A scanner's Enter, or the button, adds the typed barcode without saving the form. */
  const addBarcode = () => {
    editor.begin();
    const barcodes = withTyped();
    if (barcodes) set({ barcodes, barcode: '' });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    editor.begin();
    const pricePoints = hundredths(f.price);
    const costFen = hundredths(f.cost);
    const packSize = Number(f.packSize);
    const lowStock = Number(f.lowStock);
    if (
      !pricePoints ||
      costFen === null ||
      !Number.isInteger(packSize) ||
      packSize < 1 ||
      !Number.isInteger(lowStock) ||
      lowStock < 0
    ) {
      editor.refuse(t('products.badNumber'));
      return;
    }
    // A barcode typed but not yet added is saved with the others.
    const barcodes = withTyped();
    if (!barcodes) return;
    const body = {
      name: f.name,
      barcodes,
      unit: f.unit,
      pricePoints,
      costFen,
      category: f.category,
      isService: f.isService,
      active: f.active,
      packSize,
      lowStock,
    };
    await editor.save(`/townships/${townshipId}/products`, body, t('products.saved', { name: f.name }));
  };

  return (
    <section>
      <h1>{t('products.title')}</h1>
      <div className="toolbar">
        <Field label={t('products.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {message && (
        <p className="ok-box" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={list.error} />
      <table>
        <thead>
          <tr>
            <th>{t('products.name')}</th>
            <th>{t('products.barcode')}</th>
            <th>{t('products.category')}</th>
            <th className="num">{t('products.price')}</th>
            <th className="num">{t('products.cost')}</th>
            <th className="num">{t('products.packSize')}</th>
            <th>{t('products.service')}</th>
            <th>{t('products.active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.data?.map((p) => (
            <tr key={p.id} className={p.active ? '' : 'warn'}>
              <td>
                {p.name} <span className="hint">/{p.unit}</span>
              </td>
              <td className="mono">
                {p.barcodes.map((code) => (
                  <div key={code}>{code}</div>
                ))}
              </td>
              <td>{p.category}</td>
              <td className="num">{points(p.pricePoints)}</td>
              <td className="num">{(p.costFen / 100).toFixed(2)}</td>
              <td className="num">{p.packSize}</td>
              <td>{p.isService ? t('products.yes') : ''}</td>
              <td>{p.active ? t('products.yes') : t('products.no')}</td>
              <td>
                <button type="button" onClick={() => editor.edit(p.id, toForm(p))}>
                  {t('products.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="card" onSubmit={submit}>
        <h2>{editor.id ? `${t('products.edit')}：${f.name}` : t('products.newProduct')}</h2>
        <div className="row">
          <Field label={t('products.name')} value={f.name} onChange={(e) => set({ name: e.target.value })} />
          <Field
            label={t('products.barcode')}
            value={f.barcode}
            className="mono"
            inputMode="numeric"
            onChange={(e) => set({ barcode: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addBarcode();
              }
            }}
          />
          <button type="button" onClick={addBarcode}>
            {t('products.addBarcode')}
          </button>
          <Field label={t('products.unit')} value={f.unit} onChange={(e) => set({ unit: e.target.value })} />
          <Field
            label={t('products.packSize')}
            value={f.packSize}
            inputMode="numeric"
            onChange={(e) => set({ packSize: e.target.value })}
          />
          <Field
            label={t('products.lowStock')}
            value={f.lowStock}
            inputMode="numeric"
            onChange={(e) => set({ lowStock: e.target.value })}
          />
          <Field
            label={t('products.category')}
            value={f.category}
            onChange={(e) => set({ category: e.target.value })}
          />
          <Field
            label={t('products.price')}
            value={f.price}
            inputMode="decimal"
            onChange={(e) => set({ price: e.target.value })}
          />
          <Field
            label={t('products.cost')}
            value={f.cost}
            inputMode="decimal"
            onChange={(e) => set({ cost: e.target.value })}
          />
          <label>
            <input
              type="checkbox"
              checked={f.isService}
              onChange={(e) => set({ isService: e.target.checked })}
            />{' '}
            {t('products.service')}
          </label>
          <label>
            <input type="checkbox" checked={f.active} onChange={(e) => set({ active: e.target.checked })} />{' '}
            {t('products.active')}
          </label>
          <button type="submit" className="primary" disabled={!f.name.trim() || !f.price}>
            {t('products.save')}
          </button>
        </div>
        <ul className="barcodes" aria-label={t('products.barcodes')}>
          {f.barcodes.length === 0 && <li className="hint">{t('products.noBarcodes')}</li>}
          {f.barcodes.map((code, i) => (
            <li key={code}>
              <span className="mono">{code}</span>
              {i === 0 && <span className="hint"> {t('products.main')}</span>}{' '}
              <button
                type="button"
                aria-label={t('products.removeBarcode', { code })}
                onClick={() => set({ barcodes: f.barcodes.filter((x) => x !== code) })}
              >
                {t('products.remove')}
              </button>
            </li>
          ))}
        </ul>
        <ErrorBox error={error} />
      </form>
    </section>
  );
}
