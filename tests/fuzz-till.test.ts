import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLERKS } from '../main/demo/seed';
import { createTillService, type TillService } from '../main/till/service';
import { ManualClock } from '../src/clock';
import { fuzzTillApi } from './support/fuzz-till';

/**
 * Property-based bad input over every till API call (issue 11). The default run is
 * short; bench/fuzz.ts runs the same generators many times longer.
 */
const RUNS = Number(process.env.JIFEN_FUZZ_TILL_RUNS ?? 1500);

describe('bad input to the till API', () => {
  let dir: string;
  let till: TillService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-fuzz-till-'));
    till = await createTillService({
      dataDir: dir,
      demo: true,
      sync: false,
      backups: false,
      clock: new ManualClock(Date.UTC(2031, 6, 9, 3)),
    });
  });

  afterAll(async () => {
    await till?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every call refuses generated bad input with a typed error and writes nothing', async () => {
    const clerks = await till.call('session.clerks', {}, null);
    if (!clerks.ok) throw new Error(clerks.error.en);
    const clerk = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
    const login = await till.call(
      'session.login',
      { clerkId: clerks.result.find((c) => c.name === clerk.name)!.id, pin: clerk.pin },
      null,
    );
    if (!login.ok) throw new Error(login.error.en);
    const report = await fuzzTillApi(till, {
      dbPath: join(dir, 'till.db'),
      clerkToken: login.result.token,
      numRuns: RUNS,
      seed: 11,
    });
    console.log(
      `till API fuzz: ${report.cases} cases over ${report.calls} calls, ${report.refused} refused, ${report.accepted} harmless reads; codes ${JSON.stringify(report.byCode)}; no parameters: ${report.skipped.join(', ')}`,
    );
    expect(report.cases).toBe(RUNS);
    expect(report.refused).toBeGreaterThan(RUNS * 0.8);
  });
});
