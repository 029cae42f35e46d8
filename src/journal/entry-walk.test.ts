import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyFieldAtEveryEdge, type Place, REMOVE, setField } from '../../tests/support/edge-values';
import { same } from '../../tests/support/same-value';
import { ENTRY_KINDS, type JournalEntry, JournalEntrySchema } from './entry';
import { entryAsZodParses } from './entry-walk';

/** The stored byte-identity fixtures: valid entries of every kind (tests/hash-fixtures.test.ts). */
const FIXTURES = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'hash-fixtures.json'), 'utf8'),
  ) as { kind: string; entry: JournalEntry }[]
).map((f) => f.entry);
const WALKED = new Set([
  'sale',
  'sale.void',
  'points.award',
  'points.deduct',
  'points.reverse',
  ...['stock.receive', 'stock.donation', 'stock.adjust', 'stock.stocktake', 'stock.writeoff'],
]);
const walkedFixtures = FIXTURES.filter((e) => WALKED.has(e.kind));

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const HEX = 'ab'.repeat(32);
const show = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};
const copy = <T>(v: T): T => structuredClone(v);

/**
 * The property: whatever the walk is sure of, zod accepts and parses to the very same
 * value, keys and their order included.
 */
function agreesWithZod(entry: unknown): 'fast' | 'zod' {
  const fast = entryAsZodParses(entry);
  if (fast === null) return 'zod';
  const parsed = JournalEntrySchema.safeParse(entry);
  expect(parsed.success, show(entry)).toBe(true);
  expect(same(fast, parsed.data), show(entry)).toBe(true);
  return 'fast';
}

/** The same object with its keys in another order, all the way down (arrays keep theirs). */
function reordered(v: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(v)) return v.map((x) => reordered(x, order));
  if (v && typeof v === 'object')
    return Object.fromEntries(
      order(Object.keys(v)).map((k) => [k, reordered((v as Record<string, unknown>)[k], order)]),
    );
  return v;
}

/** Where a field leads: `x` in the entry, `body.x`, `line.x` in the body's first line (a loose object where there is none). */
const inEntry: Place = (entry, path) => {
  const objectOr = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const body = objectOr(entry.body);
  return path.startsWith('body.')
    ? [body, path.slice(5)]
    : path.startsWith('line.')
      ? [objectOr(Array.isArray(body.lines) ? body.lines[0] : undefined), path.slice(5)]
      : [entry, path];
};

const HEADER_FIELDS = [
  'id',
  'deviceId',
  'seq',
  'at',
  'businessDate',
  'clerkId',
  'prevHash',
  'hash',
  'kind',
  'body',
  'extra',
];
/** Every field of every walked body, and one it does not have. */
const BODY_FIELDS = [
  ...['householdId', 'memberId', 'ruleId', 'amount', 'reason', 'proposedBy', 'approvedBy', 'reverses'],
  ...['proposalId', 'ruleName', 'productId', 'shopId', 'qty', 'unitCostFen', 'reference', 'donatedValueFen'],
  ...['saleId', 'lines', 'totalPoints', 'mode', 'cardUid', 'doorPlate', 'receiptNo', 'shiftId', 'extra'],
].map((f) => `body.${f}`);
const LINE_FIELDS = [
  'productId',
  'name',
  'qty',
  'unitPoints',
  'points',
  'unitCostFen',
  'isService',
  'extra',
].map((f) => `line.${f}`);

const line = () => copy((FIXTURES.find((e) => e.kind === 'sale')!.body as { lines: unknown[] }).lines[0]);
const EDGES: unknown[] = [
  ...['', ' ', '\u3000', ' a ', 'x'.repeat(120), 'x'.repeat(121), ` ${'x'.repeat(120)} `, 'y'.repeat(200)],
  ...['y'.repeat(201), ` ${'y'.repeat(200)} `, '\uD800', '04A1B2C3', '04a1b2c3'],
  ...[ID, ID.toUpperCase(), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
  ...['0190a1b2-c3d4-0e5f-8a9b-0c1d2e3f4a5b', '0190a1b2-c3d4-7e5f-7a9b-0c1d2e3f4a5b', `${ID} `],
  ...[
    '2026-10-15',
    '2026-1-15',
    '2026-10-15 ',
    '２０２６-10-15',
    HEX,
    HEX.toUpperCase(),
    HEX.slice(1),
    `${HEX}0`,
  ],
  ...[
    'void',
    'return',
    'VOID',
    'sale',
    'points.award',
    'stock.receive',
    'rule.define',
    'toString',
    '__proto__',
  ],
  ...[-1_000_000_001, -1_000_000_000, -1_000_001, -1_000_000, -1, -0, 0, 0.5, 1, 2, 1_000_000, 1_000_001],
  ...[1_000_000_000, 1_000_000_001, 10_000_000_000, 10_000_000_001, 2 ** 53 - 1, 2 ** 53, -(2 ** 53)],
  ...[Number.NaN, Infinity, -Infinity, '1', true, false, null, undefined, {}, [], REMOVE],
  ...[{ version: 1 }, [line()], new Array(200).fill(line()), new Array(201).fill(line()), [null]],
];

describe('an entry checked without zod (decision 0453)', () => {
  it('takes every stored fixture of a walked kind, in any key order, as zod parses it, and leaves every other kind to zod', () => {
    const orders = [(k: string[]) => k, (k: string[]) => [...k].reverse(), (k: string[]) => [...k].sort()];
    for (const e of FIXTURES)
      for (const order of orders) {
        const input = reordered(e, order);
        expect(agreesWithZod(input), `${e.kind}`).toBe(WALKED.has(e.kind) ? 'fast' : 'zod');
      }
    // Every kind of the journal has a fixture, and the walk hands out new objects, never the input's.
    expect(new Set(FIXTURES.map((e) => e.kind))).toEqual(new Set(ENTRY_KINDS));
    for (const e of walkedFixtures) {
      const out = entryAsZodParses(e)!;
      expect(out).not.toBe(e);
      expect(out.body).not.toBe(e.body);
    }
  });

  it('is sure of no entry zod refuses or parses otherwise: every header, body and line field of every walked kind set to every edge value', () => {
    const { fast, refused } = everyFieldAtEveryEdge({
      starts: walkedFixtures.map((base) => () => copy(base)),
      fields: [...HEADER_FIELDS, ...BODY_FIELDS, ...LINE_FIELDS],
      edges: EDGES,
      place: inEntry,
      agrees: agreesWithZod,
      schema: JournalEntrySchema,
    });
    // Not vacuous: both ways were taken many times.
    expect(fast).toBeGreaterThan(3000);
    expect(refused).toBeGreaterThan(10_000);
  });

  it('is sure of no entry zod refuses or parses otherwise, on random entries and near-good ones in random key order', () => {
    const texts = fc.oneof(
      fc.constantFrom('', ' ', '\u3000', ' a ', 'x'.repeat(120), 'x'.repeat(121), ` ${'x'.repeat(200)} `),
      fc.constantFrom('y'.repeat(200), 'y'.repeat(201), '\uD800', '毛巾\n'),
      fc.string({ maxLength: 8 }),
    );
    const ints = (lo: number, hi: number) =>
      fc.oneof(
        fc.constantFrom(lo - 1, lo, lo + 1, hi - 1, hi, hi + 1, 0, -0, 0.5, Number.NaN, Infinity, -Infinity),
        fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) }),
        fc.constantFrom('1', null, undefined, true, 2 ** 53, 2 ** 53 - 1),
      );
    const ids = fc.constantFrom(
      ID,
      ID.toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
      '0190a1b2-c3d4-0e5f-8a9b-0c1d2e3f4a5b',
      `${ID} `,
      '',
      null,
      undefined,
    );
    const values = fc.oneof(
      texts,
      ints(-1_000_000_000, 10_000_000_000),
      ids,
      fc.constantFrom(...EDGES.filter((v) => v !== REMOVE)),
    );
    const field = fc.constantFrom(...HEADER_FIELDS, ...BODY_FIELDS, ...LINE_FIELDS);
    const change = fc.tuple(field, fc.oneof(values, fc.constant(REMOVE)));
    const order = fc.constantFrom(
      (k: string[]) => k,
      (k: string[]) => [...k].reverse(),
      (k: string[]) => [...k].sort(),
      (k: string[]) => [...k.slice(1), ...k.slice(0, 1)],
    );
    const nearGood = fc
      .tuple(fc.constantFrom(...walkedFixtures), fc.array(change, { minLength: 0, maxLength: 3 }), order)
      .map(([base, changes, o]) => {
        const e = copy(base) as unknown as Record<string, unknown>;
        for (const [path, value] of changes) setField(e, path, value, inEntry);
        return reordered(e, o);
      });
    // Entries built from scratch: any walked kind, each field from the edge values.
    const kind = fc.constantFrom(...WALKED, 'rule.define', 'sale ', 'toString');
    const bodyArb = fc.record(
      {
        householdId: ids,
        memberId: ids,
        ruleId: ids,
        amount: ints(-1_000_000_000, 1_000_000_000),
        reason: texts,
        proposedBy: ids,
        approvedBy: ids,
        reverses: ids,
        proposalId: ids,
        ruleName: fc.oneof(texts, fc.constant(null)),
        productId: ids,
        shopId: ids,
        qty: ints(-1_000_000, 1_000_000),
        unitCostFen: ints(0, 10_000_000_000),
        reference: texts,
        donatedValueFen: ints(0, 10_000_000_000),
        saleId: ids,
        lines: fc.constantFrom([line()], [], [null], new Array(201).fill(line())),
        totalPoints: ints(-1_000_000_000, 1_000_000_000),
        mode: fc.constantFrom('void', 'return', 'VOID', undefined),
      },
      { requiredKeys: [] },
    );
    const scratch = fc.record(
      {
        id: ids,
        deviceId: ids,
        seq: ints(1, 2 ** 53 - 1),
        at: ints(0, 2 ** 53 - 1),
        businessDate: fc.constantFrom('2026-10-15', '2026-1-15', '', undefined),
        clerkId: ids,
        prevHash: fc.constantFrom(HEX, HEX.toUpperCase(), HEX.slice(1), null),
        hash: fc.constantFrom(HEX, '0'.repeat(64), `${HEX}0`),
        kind,
        body: bodyArb,
      },
      { requiredKeys: [] },
    );
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof(nearGood, scratch), (e) => {
        if (agreesWithZod(e) === 'fast') fast++;
      }),
      { numRuns: 5000, seed: 453 },
    );
    // Not vacuous: a fair share went the fast way and were compared.
    expect(fast).toBeGreaterThan(500);
  });

  it('leaves to zod what is not plain: class instances, null prototypes, arrays, a body or line that is not a plain object', () => {
    const award = walkedFixtures.find((e) => e.kind === 'points.award')!;
    class Entry {
      constructor() {
        Object.assign(this, copy(award));
      }
    }
    const bare = Object.assign(Object.create(null), copy(award));
    const bareBody = { ...copy(award), body: Object.assign(Object.create(null), copy(award.body)) };
    const sale = copy(walkedFixtures.find((e) => e.kind === 'sale')!) as unknown as {
      body: { lines: unknown[] };
    };
    sale.body.lines = [Object.assign(Object.create(null), line())];
    for (const e of [new Entry(), bare, bareBody, sale, null, [], 'points.award', 42]) {
      expect(entryAsZodParses(e)).toBeNull();
    }
  });
});
