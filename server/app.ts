import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import Fastify, { type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import type { Clock } from '../src/clock';
import { MAX_BODY_BYTES } from '../src/sync/messages';
import { syncRefusal } from '../src/sync/refusals';
import { consoleRoutes, DEFAULT_SESSION_TIMES } from './console-api';
import type { SessionTimes } from './console-api/sessions';
import { loadServerKey } from './crypto/server-key';
import type { ServerDb } from './db/connect';
import { unpackRequests } from './http/compression';
import { signedBodyOf } from './http/signed-body';
import { errorHandler } from './routes/errors';
import { officerRoutes } from './routes/officer-routes';
import { pointsRoutes } from './routes/points-routes';
import { syncRoutes } from './routes/sync-routes';
import { SetupGate } from './setup/setup-gate';

export interface AppOptions {
  store: ServerDb;
  clock: Clock;
  ingestDelayMs?: number;
  ratePerMinute?: number;
  logger?: boolean;
  /** Serve HTTPS with this key and certificate (PEM); plain HTTP when absent. */
  tls?: { key: string; cert: string; fingerprint: string };
  /** The township console (decision 0600). */
  console?: { dir: string; gate: SetupGate; times?: SessionTimes; publicUrl?: string | null };
}

/** The township server as a Fastify instance (no listening): routes, limits, error shape. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const tls = opts.tls;
  const options: FastifyHttpOptions<Server> = {
    logger: opts.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
  };
  // Fastify's types tie HTTPS to a different server type; at run time it is the same API.
  if (tls)
    options.serverFactory = (handler) =>
      createHttpsServer({ key: tls.key, cert: tls.cert }, handler) as unknown as Server;
  const app = Fastify(options);
  const key = await loadServerKey(opts.store.db);

  unpackRequests(app);
  // Keep the exact bytes: the device signature covers the body digest.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const text = (body as Buffer).toString('utf8');
    req.rawBody = signedBodyOf(body as Buffer, text);
    if (text.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(syncRefusal('malformed', { issue: 'not JSON' }), undefined);
    }
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((_req, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'INVALID_INPUT', zh: '没有这个地址', en: 'No such endpoint', details: {} } });
  });

  app.get('/health', async () => ({ ok: true, dialect: opts.store.dialect, serverPublicKey: key.publicKey }));
  syncRoutes(app, {
    db: opts.store.db,
    clock: opts.clock,
    key,
    ingestDelayMs: opts.ingestDelayMs ?? 0,
    ratePerMinute: opts.ratePerMinute ?? 600,
  });
  officerRoutes(app, { db: opts.store.db, clock: opts.clock, key });
  pointsRoutes(app, { db: opts.store.db, clock: opts.clock });
  consoleRoutes(app, {
    db: opts.store.db,
    clock: opts.clock,
    key,
    gate: opts.console?.gate ?? SetupGate.closed(),
    times: opts.console?.times ?? DEFAULT_SESSION_TIMES,
    secure: !!tls,
    tlsFingerprint: tls?.fingerprint ?? null,
    publicUrl: opts.console?.publicUrl ?? null,
    consoleDir: opts.console?.dir ?? 'dist/console',
  });
  return app;
}
