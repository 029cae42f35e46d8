import { approvalsPage } from './approvals';
import { auditPage } from './audit';
import { cardsPage } from './cards';
import { clerksPage } from './clerks';
import { dashboardPage } from './dashboard';
import { devicesPage } from './devices';
import { enrolmentPage } from './enrolment';
import { householdsPage } from './households';
import { overdraftsPage } from './overdrafts';
import { periodsPage } from './periods';
import { productsPage } from './products';
import { rosterPage } from './roster';
import { rulesPage } from './rules';
import { setupPage } from './setup';
import { shopsPage } from './shops';
import { signInPage } from './sign-in';
import { stockPage } from './stock';
import type { ConsolePage, PublicPage } from './types';

export type { ConsolePage, PageProps, PublicPage } from './types';

/** Signed-in pages, in nav order. Add a page: its folder under pages/, then one line here. */
export const PAGES: ConsolePage[] = [
  dashboardPage,
  shopsPage,
  householdsPage,
  rosterPage,
  cardsPage,
  clerksPage,
  productsPage,
  rulesPage,
  approvalsPage,
  stockPage,
  enrolmentPage,
  devicesPage,
  periodsPage,
  overdraftsPage,
  auditPage,
];

export const PUBLIC_PAGES: PublicPage[] = [signInPage, setupPage];
