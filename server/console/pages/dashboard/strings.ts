import { defineStrings } from '../../i18n/strings';

export const dashboardStrings = defineStrings(
  'dashboard',
  {
    nav: '总览',
    title: '总览：{{township}}',
  },
  {
    nav: 'Dashboard',
    title: 'Dashboard: {{township}}',
  },
);
