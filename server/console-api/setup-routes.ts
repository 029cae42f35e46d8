import { keyFingerprint } from '../../src/sync/setup-file';
import { parseWith } from '../routes/errors';
import { alreadySetUp, createFirstOfficer, FirstOfficerSchema } from '../setup/first-officer';
import { hasOfficer } from '../setup/setup-gate';
import type { ConsoleRouteModule } from './deps';

/** First run: is setup open, and make the first officer (public, guarded by the printed token). */
export const setupRoutes: ConsoleRouteModule = (api, deps) => {
  api.get('/setup', { config: { consolePublic: true } }, async () => ({
    needed: !(await hasOfficer(deps.db)),
    fingerprint: keyFingerprint(deps.key.publicKey),
    tlsFingerprint: deps.tlsFingerprint,
  }));

  api.post('/setup', { config: { consolePublic: true } }, async (req) => {
    if (await hasOfficer(deps.db)) throw alreadySetUp();
    const b = parseWith(FirstOfficerSchema, req.body, false);
    return createFirstOfficer(deps.db, deps.clock, deps.gate, b);
  });
};
