import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock } from '../src/clock';
import { MAX_BODY_BYTES } from '../src/sync/messages';
import { syncRefusal } from '../src/sync/refusals';
import { loadServerKey } from './crypto/server-key';
import type { ServerDb } from './db/connect';
import { errorHandler } from './routes/errors';
import { officerRoutes } from './routes/officer-routes';
import { syncRoutes } from './routes/sync-routes';

export interface AppOptions {
  store: ServerDb;
  clock: Clock;
  ingestDelayMs?: number;
  ratePerMinute?: number;
  logger?: boolean;
}

/** The township server as a Fastify instance (no listening): routes, limits, error shape. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: MAX_BODY_BYTES, return503OnClosing: true });
  const key = await loadServerKey(opts.store.db);

  // Keep the exact bytes: the device signature covers the body digest.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    req.rawBody = body as string;
    if ((body as string).length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
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
  return app;
}
