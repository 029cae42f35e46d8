import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CLERKS } from '../main/demo/seed';
import { createTillService } from '../main/till/service';
import { businessDate, ManualClock } from '../src/clock';
import { fuzzSync } from '../tests/support/fuzz-sync';
import { fuzzTillApi } from '../tests/support/fuzz-till';
import { OfficerApi, startServer } from '../tests/support/server-process';
import { bodies, RawDevice, seedTownship } from '../tests/support/township';

/**
 * The larger bad-input run (issue 11): the generators of tests/fuzz-till.test.ts and
 * tests/fuzz-sync.test.ts with many more cases (JIFEN_FUZZ_TILL_RUNS, default 20,000;
 * JIFEN_FUZZ_SYNC_RUNS, default 3,000, on SQLite), and what one PIN check costs at each
 * scrypt cost on this machine (decision 0413).
 */
const TILL_RUNS = Number(process.env.JIFEN_FUZZ_TILL_RUNS ?? 20_000);
const SYNC_RUNS = Number(process.env.JIFEN_FUZZ_SYNC_RUNS ?? 3000);
const NOW = Date.UTC(2031, 7, 12, 3);

export async function run(): Promise<void> {
  pinCost();
  await tillFuzz();
  await syncFuzz();
}

function pinCost(): void {
  for (const n of [14, 15, 16, 17]) {
    const N = 2 ** n;
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      scryptSync('1234', randomBytes(16), 32, { N, r: 8, p: 1, maxmem: 128 * N * 8 * 2 });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `PIN check scrypt N=2^${n}: median ${times[3]!.toFixed(0)} ms` +
        ` -> 4-digit PIN space on one core ${((10_000 * times[3]!) / 60_000).toFixed(0)} min`,
    );
  }
}

async function tillFuzz(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-fuzz-'));
  const till = await createTillService({
    dataDir: dir,
    demo: true,
    sync: false,
    backups: false,
    clock: new ManualClock(NOW),
  });
  try {
    const clerks = await till.call('session.clerks', {}, null);
    if (!clerks.ok) throw new Error(clerks.error.en);
    const demo = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
    const login = await till.call(
      'session.login',
      { clerkId: clerks.result.find((c) => c.name === demo.name)!.id, pin: demo.pin },
      null,
    );
    if (!login.ok) throw new Error(login.error.en);
    const t0 = performance.now();
    const r = await fuzzTillApi(till, {
      dbPath: join(dir, 'till.db'),
      clerkToken: login.result.token,
      numRuns: TILL_RUNS,
    });
    console.log(
      `till API fuzz: ${r.cases} cases over ${r.calls} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
        `${r.refused} refused with a typed error, ${r.accepted} harmless reads, nothing written, verify clean; ${JSON.stringify(r.byCode)}`,
    );
  } finally {
    await till.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function syncFuzz(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-fuzz-sync-'));
  const server = await startServer({ dir, nowMs: NOW, env: { JIFEN_SYNC_RATE_PER_MINUTE: '10000000' } });
  try {
    const api = new OfficerApi(server.url);
    await api.login();
    const other = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 2 });
    const township = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 3 });
    const device = new RawDevice(server.url, township.shopIds[0]!);
    device.clockOffsetMs = server.clock.now() - Date.now();
    device.clerkId = township.clerkId;
    await device.enroll(api);
    const date = businessDate(NOW);
    await device.post('/sync/push', {
      entries: device.append(2, () => bodies.award(township.households[0]!.id, 500), date),
      head: 2,
    });
    const t0 = performance.now();
    const r = await fuzzSync({ url: server.url, api, township, device, other, date }, { numRuns: SYNC_RUNS });
    console.log(
      `sync fuzz (SQLite): ${r.cases} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s, all refused with a typed error, server unchanged; ` +
        `${JSON.stringify(r.byEndpoint)} ${JSON.stringify(r.byReason)}`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
