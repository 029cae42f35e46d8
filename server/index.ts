import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { processClock } from '../src/clock';
import { buildApp } from './app';
import { openServerDb } from './db/connect';
import { createOfficer } from './officers/auth';

/**
 * `npm run server`: the township server. Environment:
 *   PORT (8470), HOST (127.0.0.1; put TLS in a reverse proxy in front),
 *   DATABASE_URL (PostgreSQL; else SQLite at JIFEN_SERVER_DB, default data/server.db),
 *   JIFEN_BOOTSTRAP_OFFICER="user:password" creates the first officer on an empty server,
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
  const app = await buildApp({
    store,
    clock,
    ingestDelayMs: Number(process.env.JIFEN_FAULT_INGEST_DELAY_MS ?? 0),
    ratePerMinute: Number(process.env.JIFEN_SYNC_RATE_PER_MINUTE ?? 600),
    logger: process.env.JIFEN_SERVER_LOG === '1',
  });
  const port = Number(process.env.PORT ?? 8470);
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(
    `${JSON.stringify({ listening: `http://${host}:${actualPort}`, dialect: store.dialect, pid: process.pid })}\n`,
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
