import type { ConsolePage } from '../types';
import { HouseholdsPage } from './households-page';
import { householdStrings } from './strings';

export const householdsPage: ConsolePage = {
  path: 'households',
  navKey: 'households.nav',
  roles: ['officer', 'cadre'],
  component: HouseholdsPage,
  strings: householdStrings,
};
