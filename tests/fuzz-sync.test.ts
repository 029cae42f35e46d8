import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { businessDate } from '../src/clock';
import { fuzzSync } from './support/fuzz-sync';
import { type Postgres, startPostgres } from './support/postgres';
import { OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { bodies, RawDevice, seedTownship } from './support/township';

/**
 * Property-based bad requests to every sync endpoint (issue 11), on SQLite and on
 * PostgreSQL. The default run is short; bench/fuzz.ts runs the same generators longer.
 */
const RUNS = Number(process.env.JIFEN_FUZZ_SYNC_RUNS ?? 250);
const NOW = Date.UTC(2031, 7, 12, 3);

describe.each(['sqlite', 'postgres'] as const)('bad requests to the sync endpoints on %s', (dialect) => {
  let dir: string;
  let pgsql: Postgres | null = null;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-fuzz-sync-'));
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pgsql = await startPostgres();
      databaseUrl = await pgsql.newDatabase();
    }
    server = await startServer({
      dir,
      databaseUrl,
      nowMs: NOW,
      env: { JIFEN_SYNC_RATE_PER_MINUTE: '1000000' },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every bad request is refused with a typed error and changes nothing', async () => {
    const api = new OfficerApi(server.url);
    await api.login();
    const other = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 2 });
    const township = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 3 });
    const device = new RawDevice(server.url, township.shopIds[0]!);
    device.clockOffsetMs = server.clock.now() - Date.now();
    device.clerkId = township.clerkId;
    await device.enroll(api);
    const date = businessDate(NOW);
    const stored = await device.post('/sync/push', {
      entries: device.append(2, () => bodies.award(township.households[0]!.id, 500), date),
      head: 2,
    });
    expect(stored.status).toBe(200);
    const report = await fuzzSync(
      { url: server.url, api, township, device, other, date },
      { numRuns: RUNS, seed: 11 },
    );
    console.log(
      `sync fuzz on ${dialect}: ${report.cases} cases; by endpoint ${JSON.stringify(report.byEndpoint)}; by reason ${JSON.stringify(report.byReason)}`,
    );
    expect(report.cases).toBe(RUNS);
  });
});
