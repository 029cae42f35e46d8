import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyFieldAtEveryEdge, REMOVE, setField } from '../../tests/support/edge-values';
import { PointsBodySchema } from './entry';
import { pointsBodyAsZodParses } from './points-body';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const OTHER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a61';
/** An award as the till's points screen appends it (main/till/points.ts), and the optional keys set. */
const awardBody = (over: Record<string, unknown> = {}) => ({
  householdId: ID,
  memberId: null,
  ruleId: null,
  amount: 500,
  reason: '文明家庭',
  proposedBy: null,
  approvedBy: OTHER,
  reverses: null,
  ...over,
});
const fullBody = () => awardBody({ memberId: OTHER, ruleId: OTHER, proposalId: OTHER, ruleName: '卫生' });

/** The property: whatever the fast walk is sure of, zod accepts and parses to the very same value, keys in order. */
function agreesWithZod(body: unknown): 'fast' | 'zod' {
  const fast = pointsBodyAsZodParses(body);
  if (fast === null) return 'zod';
  const parsed = PointsBodySchema.safeParse(body);
  expect(parsed.success, JSON.stringify(body)).toBe(true);
  expect(fast).toStrictEqual(parsed.data);
  expect(Object.keys(fast)).toEqual(Object.keys(parsed.data!));
  expect(fast).not.toBe(body);
  return 'fast';
}

const FIELDS = [
  ...['householdId', 'memberId', 'ruleId', 'amount', 'reason', 'proposedBy', 'approvedBy'],
  ...['reverses', 'proposalId', 'ruleName', 'extra', '__proto__'],
];

describe('a points body checked without zod (decision 0481)', () => {
  it('takes the bodies the till appends, with and without the optional keys, as zod parses them', () => {
    for (const body of [
      awardBody(),
      fullBody(),
      awardBody({ amount: -300, proposedBy: OTHER, approvedBy: ID }),
    ])
      expect(agreesWithZod(body)).toBe('fast');
    // As stored: what JSON.parse of the canonical body gives.
    expect(agreesWithZod(JSON.parse(JSON.stringify(fullBody())))).toBe('fast');
    expect(pointsBodyAsZodParses(awardBody({ reason: ' 文明 ' }))!.reason).toBe('文明');
  });

  it('is sure of no body zod refuses or parses otherwise: every field set to every edge value', () => {
    const edges: unknown[] = [
      ...[
        '',
        ' ',
        '\u3000',
        ' a ',
        'x'.repeat(200),
        'x'.repeat(201),
        ` ${'x'.repeat(200)} `,
        'y'.repeat(120),
      ],
      ...['y'.repeat(121), '\uD800', ID, ID.toUpperCase(), `${ID} `, ID.slice(1)],
      ...['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
      ...['0190a1b2-c3d4-0e5f-8a9b-0c1d2e3f4a5b', '0190a1b2-c3d4-7e5f-7a9b-0c1d2e3f4a5b'],
      ...[-1_000_000_001, -1_000_000_000, -999_999_999, -1, -0, 0, 0.5, 1, 2, 999_999_999, 1_000_000_000],
      ...[1_000_000_001, 2 ** 53, Number.NaN, Infinity, -Infinity, '1', true, false, null, undefined],
      ...[{}, [], REMOVE],
    ];
    const { fast, refused } = everyFieldAtEveryEdge({
      starts: [awardBody, fullBody],
      fields: FIELDS,
      edges,
      agrees: agreesWithZod,
      schema: PointsBodySchema,
    });
    // Not vacuous: both ways were taken many times.
    expect(fast).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(300);
  });

  it('is sure of no body zod refuses or parses otherwise, on random bodies', () => {
    const texts = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '\u3000',
        ' a ',
        'x'.repeat(200),
        'x'.repeat(201),
        'y'.repeat(120),
        'y'.repeat(121),
      ),
      fc.constantFrom('\uD800', '文明\n', ` ${'x'.repeat(200)} `),
      fc.string({ maxLength: 8 }),
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
      1,
    );
    const amounts = fc.oneof(
      fc.constantFrom(-1_000_000_001, -1_000_000_000, 1_000_000_000, 1_000_000_001, 0, -0, 0.5, Number.NaN),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.constantFrom('1', null, true, 2 ** 53),
    );
    const body = fc
      .tuple(
        fc.record(
          {
            householdId: ids,
            memberId: ids,
            ruleId: ids,
            amount: amounts,
            reason: texts,
            proposedBy: ids,
            approvedBy: ids,
            reverses: ids,
            proposalId: ids,
            ruleName: fc.oneof(texts, fc.constantFrom(null, undefined, 1)),
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.constantFrom('extra', 'hash', '__proto__', 'toString'), fc.constant(1), {
          maxKeys: 1,
        }),
      )
      .map(([b, x]) => ({ ...b, ...x }));
    // A known-good body with one or two fields replaced, removed or added.
    const change = fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(texts, ids, amounts, fc.constant(REMOVE)));
    const nearGood = fc
      .tuple(fc.boolean(), fc.array(change, { minLength: 1, maxLength: 2 }))
      .map(([full, changes]) => {
        const b = (full ? fullBody() : awardBody()) as Record<string, unknown>;
        for (const [key, value] of changes) setField(b, key, value);
        return b;
      });
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof(body, nearGood, fc.constant(awardBody())), (b) => {
        if (agreesWithZod(b) === 'fast') fast++;
      }),
      { numRuns: 3000, seed: 481 },
    );
    // Not vacuous: a fair share of the random bodies went the fast way and were compared.
    expect(fast).toBeGreaterThan(300);
  });

  it('leaves to zod what is not a plain body: class instances, null prototypes, arrays', () => {
    class Body {
      constructor() {
        Object.assign(this, awardBody());
      }
    }
    for (const b of [new Body(), Object.assign(Object.create(null), awardBody()), [], null, 'points', 1])
      expect(pointsBodyAsZodParses(b)).toBeNull();
  });
});
