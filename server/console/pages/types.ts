import type { ComponentType } from 'react';
import type { ConsoleRole, ConsoleSessionView } from '../../../src/console/session';
import type { PageStrings } from '../i18n/strings';

export interface PageProps {
  session: ConsoleSessionView;
  /** The township on screen; every API path names it. */
  townshipId: string;
  /** Route segments after the page's path (#/households/<id> → [id]). */
  params: string[];
}

/** One console page: its route, nav entry, who may open it, and its strings (decision 0600). */
export interface ConsolePage {
  /** First hash segment: #/<path>. */
  path: string;
  /** i18n key of the nav label, e.g. 'dashboard.nav'; null: routed but not in the nav. */
  navKey: string | null;
  roles: ConsoleRole[];
  component: ComponentType<PageProps>;
  strings: PageStrings<unknown>;
}

/** Pages shown without a session (sign-in, first-run setup). */
export interface PublicPage {
  path: string;
  component: ComponentType<{ params: string[] }>;
  strings: PageStrings<unknown>;
}
