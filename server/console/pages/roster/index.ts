import type { ConsolePage } from '../types';
import { RosterPage } from './roster-page';
import { rosterStrings } from './strings';

export const rosterPage: ConsolePage = {
  path: 'roster',
  navKey: 'roster.nav',
  roles: ['officer'],
  component: RosterPage,
  strings: rosterStrings,
};
