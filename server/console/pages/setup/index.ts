import type { PublicPage } from '../types';
import { SetupPage } from './setup-page';
import { setupStrings } from './strings';

export const setupPage: PublicPage = { path: 'setup', component: SetupPage, strings: setupStrings };
