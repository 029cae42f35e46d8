import type { ConsolePage } from '../types';
import { AuditPage } from './audit-page';
import { auditStrings } from './strings';

export const auditPage: ConsolePage = {
  path: 'audit',
  navKey: 'audit.nav',
  roles: ['officer'],
  component: AuditPage,
  strings: auditStrings,
};
