import type { ConsolePage } from '../types';
import { ProductsPage } from './products-page';
import { productStrings } from './strings';

export const productsPage: ConsolePage = {
  path: 'products',
  navKey: 'products.nav',
  roles: ['officer'],
  component: ProductsPage,
  strings: productStrings,
};
