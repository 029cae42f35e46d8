import type { ConsolePage } from '../types';
import { DashboardPage } from './dashboard-page';
import { dashboardStrings } from './strings';

export const dashboardPage: ConsolePage = {
  path: 'dashboard',
  navKey: 'dashboard.nav',
  roles: ['officer', 'cadre'],
  component: DashboardPage,
  strings: dashboardStrings,
};
