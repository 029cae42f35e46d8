import type { ConsolePage } from '../types';
import { StockPage } from './stock-page';
import { stockStrings } from './strings';

export const stockPage: ConsolePage = {
  path: 'stock',
  navKey: 'stock.nav',
  roles: ['officer', 'cadre'],
  component: StockPage,
  strings: stockStrings,
};
