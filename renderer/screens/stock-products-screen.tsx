import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockProductView } from '../../src/api/stock';
import { formatPoints, formatYuan, parsePoints } from '../../src/money';
import { till } from '../api';
import type { Refusal } from '../state/refusal';
import { Problem, ProductSearch } from './stock-lines';
import { attempt, useStockNav, useStockScan, yuanToFen } from './stock-store';

interface Form {
  productId: string | null;
  barcodes: string;
  name: string;
  pinyin: string;
  unit: string;
  packSize: string;
  category: string;
  price: string;
  cost: string;
  isService: boolean;
  active: boolean;
  lowStock: string;
}

const EMPTY: Form = {
  productId: null,
  barcodes: '',
  name: '',
  pinyin: '',
  unit: '件',
  packSize: '1',
  category: '',
  price: '',
  cost: '0.00',
  isService: false,
  active: true,
  lowStock: '0',
};

const formOf = (p: StockProductView): Form => ({
  productId: p.id,
  barcodes: p.barcodes.join(' '),
  name: p.name,
  pinyin: p.pinyin,
  unit: p.unit,
  packSize: String(p.packSize),
  category: p.category,
  price: formatPoints(p.pricePoints),
  cost: formatYuan(p.costFen),
  isService: p.isService,
  active: p.active,
  lowStock: String(p.lowStock),
});

function points(text: string): number {
  try {
    return parsePoints(text);
  } catch {
    return 0;
  }
}

/** Product editor: several barcodes, pinyin made from the name, pack size, prices and flags. */
export function StockProductsScreen() {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(EMPTY);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [saved, setSaved] = useState<StockProductView | null>(null);
  const editBarcode = useStockNav((s) => s.editBarcode);

  useEffect(() => {
    if (editBarcode) {
      setForm({ ...EMPTY, barcodes: editBarcode });
      useStockNav.setState({ editBarcode: null });
    }
  }, [editBarcode]);

  const load = (p: StockProductView) => {
    setSaved(null);
    setRefusal(null);
    setForm(formOf(p));
  };

  useStockScan((code) => {
    void attempt(
      () => till.call('stock.byBarcode', { code }),
      (r) => {
        if (r?.code === 'UNKNOWN_PRODUCT') setForm({ ...EMPTY, barcodes: code });
        else setRefusal(r);
      },
    ).then((p) => p && load(p));
  });

  const save = async () => {
    const p = await attempt(
      () =>
        till.call('stock.saveProduct', {
          productId: form.productId,
          barcodes: form.barcodes.split(/[\s,，]+/).filter(Boolean),
          name: form.name,
          pinyin: form.pinyin,
          unit: form.unit,
          packSize: Number(form.packSize),
          category: form.category,
          pricePoints: points(form.price),
          costFen: yuanToFen(form.cost || '0'),
          isService: form.isService,
          active: form.active,
          lowStock: Number(form.lowStock || '0'),
        }),
      setRefusal,
    );
    if (p) {
      setForm(formOf(p));
      setSaved(p);
    }
  };

  const field = (key: keyof Form, label: string, testId: string, inputMode?: 'numeric' | 'decimal') => (
    <label>
      {label}
      <input
        value={String(form[key] ?? '')}
        inputMode={inputMode}
        onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
        data-testid={testId}
      />
    </label>
  );
  const check = (key: 'isService' | 'active', label: string, testId: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={form[key]}
        onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.checked }))}
        data-testid={testId}
      />
      {label}
    </label>
  );

  return (
    <>
      <div className="stock-row">
        <ProductSearch onPick={load} goodsOnly={false} />
        <button
          type="button"
          className="btn"
          onClick={() => {
            setSaved(null);
            setRefusal(null);
            setForm(EMPTY);
          }}
          data-testid="product-new"
        >
          {t('stock.product.new')}
        </button>
      </div>
      <div className="stock-panel" data-testid="product-editor">
        <h2>{form.productId ? t('stock.product.edit') : t('stock.product.new')}</h2>
        <div className="stock-form">
          {field('barcodes', t('stock.product.barcodes'), 'product-barcodes')}
          {field('name', t('stock.product.name'), 'product-name')}
          {field('pinyin', t('stock.product.pinyin'), 'product-pinyin')}
          {field('unit', t('stock.product.unit'), 'product-unit')}
          {field('packSize', t('stock.product.packSize'), 'product-pack', 'numeric')}
          {field('category', t('stock.product.category'), 'product-category')}
          {field('price', t('stock.product.price'), 'product-price', 'decimal')}
          {field('cost', t('stock.product.cost'), 'product-cost', 'decimal')}
          {field('lowStock', t('stock.product.lowStock'), 'product-low', 'numeric')}
          {check('isService', t('stock.product.service'), 'product-service')}
          {check('active', t('stock.product.active'), 'product-active')}
        </div>
        <Problem refusal={refusal} />
        <div className="stock-row">
          <button
            type="button"
            className="btn btn-primary btn-wide"
            onClick={() => void save()}
            data-testid="product-save"
          >
            {t('stock.product.save')}
          </button>
          {saved && (
            <span className="tone-good" data-testid="product-saved">
              {t('stock.product.saved')}
              {t('stock.colon')}
              {saved.name}（{saved.pinyin}）
            </span>
          )}
        </div>
      </div>
    </>
  );
}
