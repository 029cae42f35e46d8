import type { ConsolePage } from '../types';
import { RulesPage } from './rules-page';
import { rulesStrings } from './strings';

export const rulesPage: ConsolePage = {
  path: 'rules',
  navKey: 'rules.nav',
  roles: ['officer', 'cadre'],
  component: RulesPage,
  strings: rulesStrings,
};
