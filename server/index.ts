import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { processClock } from '../src/clock';
import { buildApp } from './app';
import { openServerDb } from './db/connect';
import { createOfficer } from './officers/auth';
import { banner, prepareServe, reachableBases, setupUrl } from './setup/first-run';

/**
 * `npm run server`: the township server. Environment:
 *   PORT (8470), HOST (0.0.0.0: every address),
 *   JIFEN_TLS (on: HTTPS with a self-signed certificate made on first run; off: plain HTTP,
 *     only on a loopback HOST unless JIFEN_ALLOW_PLAIN_HTTP=1 too, e.g. behind a TLS proxy),
 *   JIFEN_PUBLIC_URL (the address tills dial, put in enrolment codes; default: as the browser sees it),
 *   JIFEN_CONSOLE_DIR (built console, default dist/console), JIFEN_CONSOLE_IDLE_MS (30 min),
 *   DATABASE_URL (PostgreSQL; else SQLite at JIFEN_SERVER_DB, default data/server.db),
 *   JIFEN_BOOTSTRAP_OFFICER="user:password" (tests only) creates an unscoped officer on an empty
 *     server instead of the first-run setup page that a real install uses (decision 0600),
 *   JIFEN_SYNC_RATE_PER_MINUTE (600) signed requests per device per minute,
 *   JIFEN_TEST_NOW_MS (tests only: the business clock starts at this instant, see processClock).
 */
async function main(): Promise<void> {
  const clock = processClock(process.env.JIFEN_TEST_NOW_MS);
  const sqliteFile = resolve(process.env.JIFEN_SERVER_DB ?? 'data/server.db');
  if (!process.env.DATABASE_URL) mkdirSync(dirname(sqliteFile), { recursive: true });
  const store = await openServerDb({ databaseUrl: process.env.DATABASE_URL, sqliteFile });
  const bootstrap = process.env.JIFEN_BOOTSTRAP_OFFICER;
  if (bootstrap) {
    const [username, ...rest] = bootstrap.split(':');
    const any = await store.db.selectFrom('officers').select('id').executeTakeFirst();
    if (!any && username) {
      await createOfficer(store.db, clock, {
        username,
        name: username,
        password: rest.join(':'),
        role: 'officer',
        townshipId: null,
        villageId: null,
      });
    }
  }
  const serve = await prepareServe(store.db, clock, process.env);
  const app = await buildApp({
    store,
    clock,
    ingestDelayMs: Number(process.env.JIFEN_FAULT_INGEST_DELAY_MS ?? 0),
    ratePerMinute: Number(process.env.JIFEN_SYNC_RATE_PER_MINUTE ?? 600),
    logger: process.env.JIFEN_SERVER_LOG === '1',
    tls: serve.tls,
    console: serve.console,
  });
  await app.listen({ port: serve.port, host: serve.host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : serve.port;
  const base = reachableBases(serve, actualPort)[0]!;
  const token = serve.console.gate.pending;
  process.stdout.write(banner(serve, actualPort, store.dialect));
  process.stdout.write(
    `${JSON.stringify({
      listening: base,
      dialect: store.dialect,
      pid: process.pid,
      fingerprint: serve.fingerprint,
      setupUrl: token ? setupUrl(base, token) : null,
    })}\n`,
  );
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(
    `township server failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
