import Database from 'better-sqlite3';
import fc from 'fast-check';
import { verifyStore } from '../../main/store';
import type { TillService } from '../../main/till/service';
import { type ApiName, apiSchemas } from '../../src/api/contract';
import { LEDGER_TABLES } from '../../src/ledger';

/**
 * Generated bad input for every till API call that takes parameters: wrong types,
 * out-of-range and non-finite numbers, huge strings, unknown ids, nested junk, and
 * whole-params garbage, sent with no session, a made-up token or a counter clerk's
 * session. Every answer must be a typed refusal (a known code, both languages, never
 * INTERNAL) or a harmless read; afterwards `verify` is clean and no ledger row, journal
 * entry or setting was written. Shared by tests/fuzz-till.test.ts and bench/fuzz.ts.
 */
export interface TillFuzzReport {
  cases: number;
  refused: number;
  accepted: number;
  calls: number;
  /** Calls with no parameters: nothing to fuzz. */
  skipped: string[];
  byCode: Record<string, number>;
}

const HUGE = 'x'.repeat(200_000);

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e15, -1e15, 2 ** 53),
  fc.boolean(),
  fc.constantFrom(null, undefined, '', ' ', HUGE, '=1+2', '\u0000', '0000', 'DEADBEEF00'),
  fc.uuid(),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 4 }),
  fc.object({ maxDepth: 1 }),
);

/**
 * Well-shaped values by parameter name, with ids no till knows (another shop's or
 * township's, or made up): they pass the schema and reach the use case's own checks.
 */
function plausible(key: string): fc.Arbitrary<unknown> {
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
  if (/uid/i.test(key))
    return fc
      .array(fc.constantFrom(...'0123456789ABCDEF'), { minLength: 8, maxLength: 14 })
      .map((a) => a.join(''));
  if (/pin/i.test(key)) return digits(4).map((d) => d.join(''));
  if (/(^id|Id|Ids)$/.test(key))
    return key.endsWith('Ids') ? fc.array(fc.uuid(), { maxLength: 3 }) : fc.uuid();
  if (/date|On$|from|to$/i.test(key))
    return fc
      .date({ min: new Date(Date.UTC(2020, 0, 1)), max: new Date(Date.UTC(2040, 0, 1)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (/period|month/i.test(key))
    return fc.integer({ min: 2020, max: 2040 }).map((y) => `${y}-0${(y % 9) + 1}`);
  if (/qty|count|limit|days|size/i.test(key)) return fc.integer({ min: -5, max: 1_000_000 });
  if (/lines|items/i.test(key))
    return fc.array(fc.record({ productId: fc.uuid(), qty: fc.integer({ min: -2, max: 1000 }) }), {
      maxLength: 3,
    });
  if (/points|amount|price|cost/i.test(key))
    return fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double().map(String),
      fc.constantFrom('12.5', '-3', '0.001'),
    );
  return fc.oneof(fc.string({ maxLength: 30 }), fc.boolean());
}

function paramsFor(name: ApiName): fc.Arbitrary<unknown> {
  const schema = apiSchemas[name] as unknown as { shape?: Record<string, unknown> };
  const keys = schema.shape ? Object.keys(schema.shape) : [];
  const fields = Object.fromEntries(
    keys.map((k) => [
      k,
      fc.oneof({ weight: 8, arbitrary: plausible(k) }, { weight: 1, arbitrary: badValue }),
    ]),
  );
  // Mostly every key present (so the use case's own checks run), sometimes some missing.
  const record =
    keys.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.record(fields) },
          { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
        )
      : fc.constant({});
  return fc.oneof({ weight: 4, arbitrary: record }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });
}

export function ledgerCounts(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = ['journal', 'foreign_entries', 'settings', ...LEDGER_TABLES];
    return Object.fromEntries(
      tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
    );
  } finally {
    db.close();
  }
}

export async function fuzzTillApi(
  till: TillService,
  opts: { dbPath: string; clerkToken: string; numRuns: number; seed?: number },
): Promise<TillFuzzReport> {
  const names = (Object.keys(apiSchemas) as ApiName[]).filter((n) => {
    const shape = (apiSchemas[n] as unknown as { shape?: Record<string, unknown> }).shape;
    return !shape || Object.keys(shape).length > 0;
  });
  const skipped = (Object.keys(apiSchemas) as ApiName[]).filter((n) => !names.includes(n));
  const before = ledgerCounts(opts.dbPath);
  const report: TillFuzzReport = {
    cases: 0,
    refused: 0,
    accepted: 0,
    calls: names.length,
    skipped,
    byCode: {},
  };
  const call = fc
    .constantFrom(...names)
    .chain((name) =>
      fc.tuple(fc.constant(name), paramsFor(name), fc.constantFrom(null, 'not-a-token', opts.clerkToken)),
    );
  await fc.assert(
    fc.asyncProperty(call, async ([name, params, token]) => {
      report.cases++;
      const r = await till.call(name, params, token);
      if (r.ok) {
        report.accepted++;
        return;
      }
      report.refused++;
      report.byCode[r.error.code] = (report.byCode[r.error.code] ?? 0) + 1;
      if (r.error.code === 'INTERNAL' || !r.error.zh || !r.error.en)
        throw new Error(
          `${name} answered ${JSON.stringify(r.error)} to ${JSON.stringify(params)?.slice(0, 300)}`,
        );
    }),
    { numRuns: opts.numRuns, seed: opts.seed, endOnFailure: true },
  );
  const after = ledgerCounts(opts.dbPath);
  if (JSON.stringify(after) !== JSON.stringify(before))
    throw new Error(`bad input wrote rows: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  const db = new Database(opts.dbPath, { readonly: true });
  try {
    const deviceId = db.prepare("SELECT value FROM settings WHERE key = 'device.id'").pluck().get() as string;
    const v = verifyStore(db, JSON.parse(deviceId) as string);
    if (!v.ok) throw new Error(`verify after fuzzing: ${JSON.stringify(v.discrepancies.slice(0, 3))}`);
  } finally {
    db.close();
  }
  return report;
}
