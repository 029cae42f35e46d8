import type { ConsolePage } from '../types';
import { OverdraftsPage } from './overdrafts-page';
import { overdraftsStrings } from './strings';

export const overdraftsPage: ConsolePage = {
  path: 'overdrafts',
  navKey: 'overdrafts.nav',
  roles: ['officer', 'cadre'],
  component: OverdraftsPage,
  strings: overdraftsStrings,
};
