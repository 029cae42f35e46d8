import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../src/api/contract';
import { pts } from '../format/points';

/** One product as a big touch target: name, price in points, stock or "service". */
export function ProductTile({ product, onPick }: { product: ProductView; onPick(p: ProductView): void }) {
  const { t } = useTranslation();
  const soldOut = product.stock !== null && product.stock <= 0;
  return (
    <button
      type="button"
      className={soldOut ? 'btn tile sold-out' : 'btn tile'}
      onClick={() => onPick(product)}
      data-testid="product-tile"
      data-product={product.name}
    >
      <span className="tile-name">{product.name}</span>
      <span className="tile-price">
        {t('product.price', { points: pts(product.pricePoints), unit: product.unit })}
      </span>
      <span className="tile-stock">
        {product.isService
          ? t('product.service')
          : soldOut
            ? t('product.soldOut')
            : t('product.stock', { count: product.stock ?? 0 })}
      </span>
    </button>
  );
}
