import { dashboardPage } from './dashboard';
import { setupPage } from './setup';
import { signInPage } from './sign-in';
import type { ConsolePage, PublicPage } from './types';

export type { ConsolePage, PageProps, PublicPage } from './types';

/** Signed-in pages, in nav order. Add a page: its folder under pages/, then one line here. */
export const PAGES: ConsolePage[] = [dashboardPage];

export const PUBLIC_PAGES: PublicPage[] = [signInPage, setupPage];
