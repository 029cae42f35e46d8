import type { ConsolePage } from '../types';
import { EnrolmentPage } from './enrolment-page';
import { enrolmentStrings } from './strings';

export const enrolmentPage: ConsolePage = {
  path: 'enrolment',
  navKey: 'enrolment.nav',
  roles: ['officer'],
  component: EnrolmentPage,
  strings: enrolmentStrings,
};
