import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyFieldAtEveryEdge, type Place, REMOVE, setField } from '../../tests/support/edge-values';
import { same } from '../../tests/support/same-value';
import { canonicalJson } from './canonical';
import { SaleBodySchema } from './entry';
import { saleBodyAsZodParses, saleBodyText } from './sale-body';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const line = (over: Record<string, unknown> = {}) => ({
  productId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60',
  name: '毛巾',
  qty: 2,
  unitPoints: 500,
  points: 1000,
  unitCostFen: 300,
  isService: false,
  ...over,
});
/** What checkout hands append (main/till/checkout.ts), by card or by door plate. */
const checkoutBody = (over: Record<string, unknown> = {}, plate = false) => ({
  shopId: ID,
  householdId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a61',
  ...(plate ? { doorPlate: { version: 3 } } : { cardUid: '04A1B2C3' }),
  receiptNo: 'A1B2-C3D4-000042',
  lines: [line(), line({ productId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a62', qty: 1, points: 500 })],
  totalPoints: 1500,
  balanceBefore: 10_000,
  balanceAfter: 8_500,
  shiftId: null,
  ...over,
});

/**
 * Where a field leads in body `b`: `line.x` in its first line, `plate.x` in its door plate
 * (a loose object for a body by card), `x` in the body; the line and plate are the ones
 * `b` holds when this is called, so a change that replaces them leaves the next its own.
 */
function placesIn(b: Record<string, unknown>): Place {
  const l = (b.lines as Record<string, unknown>[])[0]!;
  const p = (b.doorPlate ?? {}) as Record<string, unknown>;
  return (root, path) =>
    path.startsWith('line.')
      ? [l, path.slice(5)]
      : path.startsWith('plate.')
        ? [p, path.slice(6)]
        : [root, path];
}

function textOrError(write: () => string): string {
  try {
    return write();
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}

/**
 * The property: whatever the fast walk is sure of, zod accepts and parses to the very same
 * value, and its canonical text is what canonicalJson and npm canonicalize write for it.
 */
function agreesWithZod(body: unknown): 'fast' | 'zod' {
  const fast = saleBodyAsZodParses(body);
  if (fast === null) return 'zod';
  const parsed = SaleBodySchema.safeParse(body);
  expect(parsed.success, JSON.stringify(body)).toBe(true);
  expect(same(fast, parsed.data), JSON.stringify(body)).toBe(true);
  // A lone surrogate has no canonical text: each writer refuses it alike.
  const text = textOrError(() => saleBodyText(fast));
  expect(text).toBe(textOrError(() => canonicalJson(parsed.data)));
  expect(text).toBe(textOrError(() => canonicalize(parsed.data) as string));
  return 'fast';
}

describe('a sale body checked without zod (decision 0461)', () => {
  it('takes the bodies checkout builds, by card and by door plate, as zod parses them', () => {
    for (const body of [checkoutBody(), checkoutBody({}, true), checkoutBody({ shiftId: ID })])
      expect(agreesWithZod(body)).toBe('fast');
    // zod trims texts; so does the fast walk, and it hands out new objects, never the input's.
    const padded = checkoutBody({ receiptNo: ' R-1 ', lines: [line({ name: '\u3000毛巾 ' })] });
    const fast = saleBodyAsZodParses(padded)!;
    expect(fast.receiptNo).toBe('R-1');
    expect(fast.lines[0]!.name).toBe('毛巾');
    expect(fast.lines[0]).not.toBe(padded.lines[0]);
  });

  it('is sure of no body zod refuses or parses otherwise: every field, in the body, a line or the plate, set to every edge value', () => {
    const edges: unknown[] = [
      ...['', ' ', '\u3000', ' a ', 'x'.repeat(40), 'x'.repeat(41), ` ${'x'.repeat(40)} `, 'y'.repeat(120)],
      ...['y'.repeat(121), '\uD800', '04A1B2C3', '04a1b2c3', '04A1B2', '0'.repeat(20), '0'.repeat(21)],
      ...[
        ID,
        ID.toUpperCase(),
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ],
      ...['0190a1b2-c3d4-0e5f-8a9b-0c1d2e3f4a5b', '0190a1b2-c3d4-7e5f-7a9b-0c1d2e3f4a5b', `${ID} `],
      ...[-1_000_000_001, -1_000_000_000, -999_999_999, -1, -0, 0, 0.5, 1, 2, 999_999, 1_000_000, 1_000_001],
      ...[999_999_999, 1_000_000_000, 1_000_000_001, 9_999_999_999, 10_000_000_000, 10_000_000_001, 2 ** 53],
      ...[Number.NaN, Infinity, -Infinity, '1', true, false, null, undefined, {}, [], REMOVE],
      ...[
        { version: 1 },
        { version: 0 },
        { version: 999_999 },
        { version: 1_000_000 },
        { version: 1, extra: 1 },
      ],
      ...[[], [line()], new Array(200).fill(line()), new Array(201).fill(line()), [null], [line({ qty: 0 })]],
    ];
    const fields = [
      ...['shopId', 'householdId', 'cardUid', 'doorPlate', 'receiptNo', 'lines', 'totalPoints'],
      ...['balanceBefore', 'balanceAfter', 'shiftId', 'extra'],
      ...['line.productId', 'line.name', 'line.qty', 'line.unitPoints', 'line.points'],
      ...['line.unitCostFen', 'line.isService', 'line.extra', 'plate.version', 'plate.extra'],
    ];
    const { fast, refused } = everyFieldAtEveryEdge({
      starts: [() => checkoutBody(), () => checkoutBody({}, true)],
      fields,
      edges,
      place: (b, path) => placesIn(b)(b, path),
      agrees: agreesWithZod,
      schema: SaleBodySchema,
    });
    // Not vacuous: both ways were taken many times.
    expect(fast).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(500);
  });

  it('is sure of no body zod refuses or parses otherwise, on edges and on random bodies', () => {
    const texts = fc.oneof(
      fc.constantFrom('', ' ', '\u3000', ' a ', 'x'.repeat(40), 'x'.repeat(41), ` ${'x'.repeat(40)} `),
      fc.constantFrom('y'.repeat(120), 'y'.repeat(121), '\uD800', '毛巾\n'),
      fc.string({ maxLength: 8 }),
    );
    const ints = (lo: number, hi: number) =>
      fc.oneof(
        fc.constantFrom(lo - 1, lo, lo + 1, hi - 1, hi, hi + 1, 0, -0, 0.5, Number.NaN, Infinity, -Infinity),
        fc.integer({ min: lo, max: Math.min(hi, 2 ** 31) }),
        fc.constantFrom('1', null, undefined, true, 2 ** 53),
      );
    const ids = fc.constantFrom(
      ID,
      ID.toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '0190a1b2-c3d4-0e5f-8a9b-0c1d2e3f4a5b',
      '0190a1b2-c3d4-7e5f-7a9b-0c1d2e3f4a5b',
      `${ID} `,
      ID.slice(1),
      '',
      null,
    );
    const cardUids = fc.constantFrom(
      '04A1B2C3',
      '04a1b2c3',
      '04A1B2',
      '0'.repeat(20),
      '0'.repeat(21),
      '',
      undefined,
    );
    const extra = fc.dictionary(fc.constantFrom('extra', 'hash', '__proto__', 'toString'), fc.constant(1), {
      maxKeys: 1,
    });
    const lineArb = fc.record(
      {
        productId: ids,
        name: texts,
        qty: ints(1, 1_000_000),
        unitPoints: ints(-1_000_000_000, 1_000_000_000),
        points: ints(-1_000_000_000, 1_000_000_000),
        unitCostFen: ints(0, 10_000_000_000),
        isService: fc.constantFrom(true, false, 0, 'false', undefined),
      },
      { requiredKeys: ['productId', 'name', 'qty', 'unitPoints', 'points', 'unitCostFen'] },
    );
    const plates = fc.oneof(
      fc.record({ version: ints(1, 999_999) }),
      fc.constantFrom({}, { version: 1, extra: 1 }, null, undefined, [1]),
    );
    const body = fc
      .tuple(
        fc.record(
          {
            shopId: ids,
            householdId: ids,
            cardUid: cardUids,
            doorPlate: plates,
            receiptNo: texts,
            lines: fc.oneof(
              fc.array(lineArb, { minLength: 0, maxLength: 3 }),
              fc.constantFrom(new Array(201).fill(line()), new Array(200).fill(line()), [null], {}),
            ),
            totalPoints: ints(-1_000_000_000, 1_000_000_000),
            balanceBefore: ints(-1_000_000_000, 1_000_000_000),
            balanceAfter: ints(-1_000_000_000, 1_000_000_000),
            shiftId: ids,
          },
          { requiredKeys: [] },
        ),
        extra,
      )
      .map(([b, x]) => ({ ...b, ...x }));
    // A known-good body with one or two fields replaced, removed or added, in the body, a
    // line or the plate: most of these are good or bad by that one field alone.
    const values = fc.oneof(texts, ints(-1_000_000_000, 10_000_000_000), ids, cardUids, plates);
    const field = fc.constantFrom(
      ...['shopId', 'householdId', 'cardUid', 'doorPlate', 'receiptNo', 'lines', 'totalPoints'],
      ...['balanceBefore', 'balanceAfter', 'shiftId', 'extra'],
      ...['line.productId', 'line.name', 'line.qty', 'line.unitPoints', 'line.points'],
      ...['line.unitCostFen', 'line.isService', 'line.extra', 'plate.version', 'plate.extra'],
    );
    const change = fc.tuple(field, fc.oneof(values, fc.constant(REMOVE)));
    const nearGood = fc
      .tuple(fc.boolean(), fc.array(change, { minLength: 1, maxLength: 2 }))
      .map(([byPlate, changes]) => {
        const b = checkoutBody({}, byPlate) as Record<string, unknown>;
        const place = placesIn(b);
        for (const [path, value] of changes) setField(b, path, value, place);
        return b;
      });
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof(body, nearGood, fc.constant(checkoutBody())), (b) => {
        if (agreesWithZod(b) === 'fast') fast++;
      }),
      { numRuns: 3000, seed: 461 },
    );
    // Not vacuous: a fair share of the random bodies went the fast way and were compared.
    expect(fast).toBeGreaterThan(300);
  });

  it('leaves to zod what is not a plain body: class instances, null prototypes, both or neither of card and plate', () => {
    class Body {
      constructor() {
        Object.assign(this, checkoutBody());
      }
    }
    const bare = Object.assign(Object.create(null), checkoutBody());
    const neither: Record<string, unknown> = checkoutBody();
    delete neither.cardUid;
    for (const b of [
      new Body(),
      bare,
      neither,
      { ...checkoutBody(), doorPlate: { version: 1 } },
      { ...checkoutBody(), cardUid: undefined },
      null,
      [],
      'sale',
    ])
      expect(saleBodyAsZodParses(b)).toBeNull();
  });
});
