import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../server/app';
import { openServerDb, type ServerDb } from '../server/db/connect';
import { createOfficer } from '../server/officers/auth';
import { ManualClock } from '../src/clock';
import { type Postgres, startPostgres } from './support/postgres';

/**
 * Officer sessions end: a token stops working 12 h after login, the expired row is
 * deleted, every login purges expired rows, and logout ends a session at once. The
 * server runs in this process on a real database so the clock can be moved.
 */
describe.each(['sqlite', 'postgres'] as const)('officer sessions on %s', (dialect) => {
  let dir: string;
  let pgsql: Postgres | null = null;
  let store: ServerDb;
  let app: FastifyInstance;
  const clock = new ManualClock(Date.UTC(2031, 2, 3, 1));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-sessions-'));
    if (dialect === 'postgres') pgsql = await startPostgres();
    store = await openServerDb({
      databaseUrl: pgsql ? await pgsql.newDatabase() : undefined,
      sqliteFile: join(dir, 'server.db'),
    });
    await createOfficer(store.db, clock, {
      username: 'keeper',
      name: '管理员',
      password: 'keeper-password',
      role: 'officer',
      townshipId: null,
      villageId: null,
    });
    app = await buildApp({ store, clock });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'keeper', password: 'keeper-password' },
    });
    expect(r.statusCode).toBe(200);
    return (r.json() as { token: string }).token;
  };
  const devices = (token: string) =>
    app.inject({
      method: 'GET',
      url: `/api/townships/${crypto.randomUUID()}/devices`,
      headers: { authorization: `Bearer ${token}` },
    });
  const sessionRows = async () =>
    Number(
      (
        await store.db
          .selectFrom('officerSessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('a session expires after 12 h, its row is deleted, and logins purge expired rows', async () => {
    const first = await login();
    const second = await login();
    expect((await devices(first)).statusCode).toBe(200);
    expect(await sessionRows()).toBe(2);
    clock.advance(12 * 3600_000 + 1);
    expect((await devices(first)).statusCode).toBe(401);
    expect(await sessionRows()).toBe(1);
    const third = await login();
    expect(await sessionRows()).toBe(1);
    expect((await devices(second)).statusCode).toBe(401);
    expect((await devices(third)).statusCode).toBe(200);
  });

  test('logout ends the session at once', async () => {
    const token = await login();
    const out = await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.statusCode).toBe(200);
    expect((await devices(token)).statusCode).toBe(401);
  });
});
