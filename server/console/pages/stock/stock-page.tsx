import { useTranslation } from 'react-i18next';
import type { StockShopView, StockView } from '../../../../src/console/stock';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { pts, yuan } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';
import type { PageProps } from '../types';
import { StockCardPage } from './stock-card';

/** #/stock: every shop's stock value; #/stock/<shop>: its products; #/stock/<shop>/<product>: the card. */
export function StockPage({ townshipId, params }: PageProps) {
  const [shopId, productId] = params;
  if (shopId && productId)
    return <StockCardPage townshipId={townshipId} shopId={shopId} productId={productId} />;
  return <StockOverview townshipId={townshipId} shopId={shopId ?? null} />;
}

function StockOverview({ townshipId, shopId }: { townshipId: string; shopId: string | null }) {
  const { t } = useTranslation();
  const view = useLoad(() => api.get<StockView>(`/townships/${townshipId}/stock`), townshipId);
  const shop = shopId ? view.data?.shops.find((s) => s.shopId === shopId) : undefined;
  if (shop) return <ShopProducts shop={shop} />;
  return (
    <section>
      <h1>{t('stock.title')}</h1>
      <p className="hint">{t('stock.intro')}</p>
      <ErrorBox error={view.error} />
      {view.data?.shops.length === 0 && <p className="hint">{t('stock.none')}</p>}
      {view.data && view.data.shops.length > 0 && (
        <>
          <p data-testid="stock-total">{t('stock.total', { value: yuan(view.data.totalValueFen) })}</p>
          <table data-testid="stock-shops">
            <thead>
              <tr>
                <th>{t('stock.shop')}</th>
                <th>{t('stock.village')}</th>
                <th className="num">{t('stock.products')}</th>
                <th className="num">{t('stock.value')}</th>
                <th className="num">{t('stock.lowCount')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {view.data.shops.map((s) => (
                <tr key={s.shopId} data-shop={s.shopName} className={s.lowCount > 0 ? 'warn' : ''}>
                  <td>{s.shopName}</td>
                  <td>{s.villageName}</td>
                  <td className="num">{s.products.length}</td>
                  <td className="num">{yuan(s.valueFen)}</td>
                  <td className="num">{s.lowCount}</td>
                  <td>
                    <a href={hrefTo('stock', s.shopId)}>{t('stock.open')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ShopProducts({ shop }: { shop: StockShopView }) {
  const { t } = useTranslation();
  return (
    <section>
      <p>
        <a href={hrefTo('stock')}>{t('stock.back')}</a>
      </p>
      <h1>{t('stock.shopTitle', { shop: shop.shopName })}</h1>
      <p data-testid="shop-value">
        {t('stock.value')}: {yuan(shop.valueFen)}
      </p>
      {shop.products.length === 0 && <p className="hint">{t('stock.noProducts')}</p>}
      {shop.products.length > 0 && (
        <table data-testid="stock-products">
          <thead>
            <tr>
              <th>{t('stock.product')}</th>
              <th>{t('stock.category')}</th>
              <th className="num">{t('stock.price')}</th>
              <th className="num">{t('stock.qty')}</th>
              <th className="num">{t('stock.avgCost')}</th>
              <th className="num">{t('stock.value')}</th>
              <th>{t('stock.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shop.products.map((p) => (
              <tr
                key={p.productId}
                data-product={p.name}
                className={p.negative ? 'bad' : p.low ? 'warn' : ''}
              >
                <td>{p.name}</td>
                <td>{p.category || '—'}</td>
                <td className="num">
                  {pts(p.pricePoints)}{' '}
                  <span className={`badge${p.priceSource === 'shop' ? ' good' : ''}`}>
                    {t(`stock.priceSource.${p.priceSource}`)}
                  </span>
                </td>
                <td className="num" data-testid="qty">
                  {p.qty} {p.unit}
                </td>
                <td className="num">{yuan(p.avgCostFen)}</td>
                <td className="num" data-testid="value">
                  {yuan(p.valueFen)}
                </td>
                <td>
                  {p.negative && <span className="badge bad">{t('stock.negative')}</span>}
                  {p.low && <span className="badge warn">{t('stock.low', { n: p.lowStock })}</span>}
                </td>
                <td>
                  <a href={hrefTo('stock', shop.shopId, p.productId)}>{t('stock.card')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
