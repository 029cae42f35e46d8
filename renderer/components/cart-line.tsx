import { useTranslation } from 'react-i18next';
import type { DraftLine } from '../db/drafts';
import { pts } from '../format/points';
import { useCounter } from '../state/counter-store';

/** One cart line with − qty + and remove, each a big target. */
export function CartLine({ line, selected }: { line: DraftLine; selected: boolean }) {
  const { t } = useTranslation();
  const setQty = useCounter((s) => s.setQty);
  const remove = useCounter((s) => s.remove);
  const select = useCounter((s) => s.select);
  const { product, qty } = line;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the arrow keys select lines (use-counter-keys)
    <li
      className={selected ? 'cart-line selected' : 'cart-line'}
      onClick={() => select(product.id)}
      data-testid="cart-line"
      data-product={product.name}
    >
      <div className="cart-line-name">
        {product.name}
        {product.isService && <span className="tag">{t('product.service')}</span>}
        <span className="hint">
          {t('cart.unitPrice', { points: pts(product.pricePoints), unit: product.unit })}
        </span>
      </div>
      <div className="qty">
        <button
          type="button"
          className="btn qty-btn"
          aria-label={t('cart.less')}
          onClick={() => setQty(product.id, qty - 1)}
        >
          −
        </button>
        <span className="qty-value" data-testid="cart-qty">
          {qty}
        </span>
        <button
          type="button"
          className="btn qty-btn"
          aria-label={t('cart.more')}
          onClick={() => setQty(product.id, qty + 1)}
        >
          +
        </button>
      </div>
      <div className="cart-line-points">{pts(product.pricePoints * qty)}</div>
      <button
        type="button"
        className="btn qty-btn remove"
        aria-label={t('cart.remove', { name: product.name })}
        onClick={() => remove(product.id)}
      >
        ×
      </button>
    </li>
  );
}
