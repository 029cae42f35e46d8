import type { ConsolePage } from '../types';
import { ShopsPage } from './shops-page';
import { shopsStrings } from './strings';

export const shopsPage: ConsolePage = {
  path: 'shops',
  navKey: 'shops.nav',
  roles: ['officer', 'cadre'],
  component: ShopsPage,
  strings: shopsStrings,
};
