import type { ConsolePage } from '../types';
import { ClerksPage } from './clerks-page';
import { clerkStrings } from './strings';

export const clerksPage: ConsolePage = {
  path: 'clerks',
  navKey: 'clerks.nav',
  roles: ['officer'],
  component: ClerksPage,
  strings: clerkStrings,
};
