import type { ConsolePage } from '../types';
import { DevicesPage } from './devices-page';
import { devicesStrings } from './strings';

export const devicesPage: ConsolePage = {
  path: 'devices',
  navKey: 'devices.nav',
  roles: ['officer', 'cadre'],
  component: DevicesPage,
  strings: devicesStrings,
};
