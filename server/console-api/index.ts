import type { FastifyInstance } from 'fastify';
import { cardRoutes } from '../cards/routes';
import { catalogRoutes } from '../catalog/routes';
import { clerkRoutes } from '../clerks/routes';
import { householdRoutes } from '../households/routes';
import { pointsConsoleRoutes } from '../points/console-routes';
import { rosterRoutes } from '../roster/routes';
import { stockRoutes } from '../stock/routes';
import { auditRoutes } from './audit-routes';
import { authRoutes } from './auth-routes';
import { readCookie, SESSION_COOKIE } from './cookies';
import { dashboardRoutes } from './dashboard-routes';
import { dateFlagsRoutes } from './date-flags-routes';
import type { ConsoleDeps, ConsoleRouteModule } from './deps';
import { devicesRoutes } from './devices-routes';
import { enrolmentRoutes } from './enrolment-routes';
import { overdraftsRoutes } from './overdrafts-routes';
import { periodsRoutes } from './periods-routes';
import { refundFlagsRoutes } from './refund-flags-routes';
import { type ConsoleSession, checkCsrf, checkSameOrigin, sessionFor } from './sessions';
import { setupRoutes } from './setup-routes';
import { shopsRoutes } from './shops-routes';
import { consoleStatic } from './static-files';

export type { ConsoleDeps, ConsoleRouteModule } from './deps';
export { DEFAULT_SESSION_TIMES } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: ConsoleSession | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a console session (sign-in, first-run setup). */
    consolePublic?: boolean;
  }
}

/**
 * Route modules of the console API, each mounted under /console/api. Add a page's
 * server side by appending its module here (decision 0600).
 */
const MODULES: ConsoleRouteModule[] = [
  setupRoutes,
  authRoutes,
  dashboardRoutes,
  shopsRoutes,
  enrolmentRoutes,
  devicesRoutes,
  periodsRoutes,
  overdraftsRoutes,
  refundFlagsRoutes,
  dateFlagsRoutes,
  auditRoutes,
  householdRoutes,
  cardRoutes,
  clerkRoutes,
  rosterRoutes,
  catalogRoutes,
  stockRoutes,
  pointsConsoleRoutes,
];

/**
 * The township console: its API under /console/api (cookie session; CSRF checked on
 * every change before the route runs) and its built pages under /console/.
 */
export function consoleRoutes(app: FastifyInstance, deps: ConsoleDeps & { consoleDir: string }): void {
  app.decorateRequest('consoleSession', null);
  void app.register(
    async (api) => {
      api.addHook('preHandler', async (req) => {
        if (req.routeOptions.config.consolePublic) return;
        const s = await sessionFor(
          deps.db,
          deps.clock,
          readCookie(req.headers.cookie, SESSION_COOKIE),
          deps.times,
        );
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          checkSameOrigin(req.headers.origin, req.headers.host);
          checkCsrf(s, req.headers['x-csrf-token']);
        }
        req.consoleSession = s;
      });
      for (const mod of MODULES) mod(api, deps);
    },
    { prefix: '/console/api' },
  );
  consoleStatic(app, deps.consoleDir);
}
