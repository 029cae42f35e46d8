import type { ConsolePage } from '../types';
import { PeriodsPage } from './periods-page';
import { periodsStrings } from './strings';

export const periodsPage: ConsolePage = {
  path: 'periods',
  navKey: 'periods.nav',
  roles: ['officer'],
  component: PeriodsPage,
  strings: periodsStrings,
};
