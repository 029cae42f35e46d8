import type { ConsoleRouteModule } from '../console-api/deps';
import { pointsFlagsRoutes } from './console-flags-routes';
import { pointsProposalsRoutes } from './console-proposals-routes';
import { pointsRulesRoutes } from './console-rules-routes';

/**
 * The township's side of earning points (decision 0920): the rule catalog, edited by
 * officers as rule.define entries of the server device (tills get the row with the
 * master-data pull and the entry with the journal), and the approval list, where a
 * different officer or cadre approves or rejects what tills and the console proposed.
 * Every change is audited in the transaction that writes its entry.
 */
export const pointsConsoleRoutes: ConsoleRouteModule = (api, deps) => {
  pointsRulesRoutes(api, deps);
  pointsProposalsRoutes(api, deps);
  pointsFlagsRoutes(api, deps);
};
