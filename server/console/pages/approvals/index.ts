import type { ConsolePage } from '../types';
import { ApprovalsPage } from './approvals-page';
import { approvalsStrings } from './strings';

export const approvalsPage: ConsolePage = {
  path: 'approvals',
  navKey: 'approvals.nav',
  roles: ['officer', 'cadre'],
  component: ApprovalsPage,
  strings: approvalsStrings,
};
