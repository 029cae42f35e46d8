import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownBodyText } from './body-text';
import { canonicalJson } from './canonical';
import type { JournalEntry } from './entry';

/** The stored byte-identity fixtures: valid entries of every kind (tests/hash-fixtures.test.ts). */
const FIXTURES = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'hash-fixtures.json'), 'utf8'),
  ) as { entry: JournalEntry }[]
).map((f) => f.entry);
const KNOWN = new Set([
  'sale',
  'points.award',
  'points.deduct',
  'points.reverse',
  ...['stock.receive', 'stock.donation', 'stock.adjust', 'stock.stocktake', 'stock.writeoff'],
]);
const byCard = FIXTURES.find((e) => e.kind === 'sale')!;
const { cardUid: _card, ...plateBody } = byCard.body as { cardUid?: string };
/** The known kinds' fixtures, and a sale by door plate (decision 0910). */
const known = [
  ...FIXTURES.filter((e) => KNOWN.has(e.kind)),
  { ...byCard, body: { ...plateBody, doorPlate: { version: 3 } } } as JournalEntry,
];
const REMOVE = Symbol('remove');
const copy = <T>(v: T): T => structuredClone(v);

function textOrError(write: () => string | undefined): string {
  try {
    return String(write());
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}

/** The property: whatever knownBodyText writes is canonicalJson's text and npm canonicalize's. */
function agrees(kind: string, body: unknown): 'fast' | 'sorted' {
  const fast = textOrError(() => knownBodyText(kind, body) ?? undefined);
  if (fast === 'undefined') return 'sorted';
  expect(fast, JSON.stringify(body)).toBe(textOrError(() => canonicalJson(body)));
  expect(fast).toBe(textOrError(() => canonicalize(body)));
  return 'fast';
}

/** Sets (or with REMOVE deletes) a field of the body, of its first line (`line.`) or of its plate (`plate.`). */
function setField(body: Record<string, unknown>, path: string, value: unknown): void {
  const objectOr = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const [target, key] = path.startsWith('line.')
    ? [objectOr(Array.isArray(body.lines) ? body.lines[0] : undefined), path.slice(5)]
    : path.startsWith('plate.')
      ? [objectOr(body.doorPlate), path.slice(6)]
      : [body, path];
  if (value === REMOVE) delete target[key];
  else target[key] = value;
}

const FIELDS = [
  ...['amount', 'approvedBy', 'householdId', 'memberId', 'proposalId', 'proposedBy', 'reason', 'reverses'],
  ...['ruleId', 'ruleName', 'donatedValueFen', 'productId', 'qty', 'reference', 'shopId', 'unitCostFen'],
  ...[
    'balanceAfter',
    'balanceBefore',
    'cardUid',
    'doorPlate',
    'lines',
    'receiptNo',
    'shiftId',
    'totalPoints',
  ],
  ...[
    'extra',
    'line.isService',
    'line.name',
    'line.points',
    'line.qty',
    'line.extra',
    'plate.version',
    'plate.extra',
  ],
];
const HARD = '张三 "引号" \\ 反斜杠\n换行\t\u0001\u001f控制 😀 \u2028\u2029 é €';
const EDGES: unknown[] = [
  ...['', 'x', HARD, '\uD800', '\uDBFF\uDC00', '0193a5c0-0000-7000-8000-000000000001'],
  ...[0, -0, 1, -1, 0.5, 1e21, 1e-7, 2 ** 53, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity],
  ...[null, true, false, undefined, {}, [], [1], { version: 1 }, { version: 1, extra: 1 }, REMOVE],
];

describe('a body of known shape written canonically in its fixed key order (decision 0454)', () => {
  it('writes every stored fixture of a known kind, and no other kind', () => {
    for (const e of [...FIXTURES, known[known.length - 1]!]) {
      expect(agrees(e.kind, e.body), e.kind).toBe(KNOWN.has(e.kind) ? 'fast' : 'sorted');
      // As the wire and the database give it back: a fresh object, keys in any order.
      expect(agrees(e.kind, JSON.parse(canonicalJson(e.body))), e.kind).toBe(
        KNOWN.has(e.kind) ? 'fast' : 'sorted',
      );
    }
    // A body under another kind's name is not of that kind's shape.
    const award = known.find((e) => e.kind === 'points.award')!;
    expect(agrees('sale', award.body)).toBe('sorted');
    expect(agrees('stock.receive', award.body)).toBe('sorted');
  });

  it('writes nothing canonicalJson would write otherwise: every field of every known fixture set to every edge value', () => {
    let fast = 0;
    let sorted = 0;
    for (const e of known)
      for (const path of FIELDS)
        for (const value of EDGES) {
          const body = copy(e.body) as Record<string, unknown>;
          setField(body, path, value);
          if (agrees(e.kind, body) === 'fast') fast++;
          else sorted++;
        }
    expect(fast).toBeGreaterThan(1000);
    expect(sorted).toBeGreaterThan(1000);
  });

  it('writes nothing canonicalJson would write otherwise, on random and near-good bodies', () => {
    const value = fc.oneof(
      fc.constantFrom(...EDGES.filter((v) => v !== REMOVE)),
      fc.string({ maxLength: 6 }),
      fc.double(),
      fc.integer(),
    );
    const change = fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(value, fc.constant(REMOVE)));
    const nearGood = fc
      .tuple(fc.constantFrom(...known), fc.array(change, { maxLength: 3 }))
      .map(([e, changes]) => {
        const body = copy(e.body) as Record<string, unknown>;
        for (const [path, v] of changes) setField(body, path, v);
        return [e.kind, body] as const;
      });
    let fast = 0;
    fc.assert(
      fc.property(nearGood, ([kind, body]) => {
        if (agrees(kind, body) === 'fast') fast++;
      }),
      { numRuns: 5000, seed: 454 },
    );
    expect(fast).toBeGreaterThan(500);
  });

  it('writes no body that is not a plain object of plain objects, nor one with a hidden or inherited key', () => {
    const award = copy(known.find((e) => e.kind === 'points.award')!.body) as Record<string, unknown>;
    class Body {
      constructor() {
        Object.assign(this, award);
      }
    }
    const hidden = { ...award };
    Object.defineProperty(hidden, 'amount', { value: 5, enumerable: false });
    const sale = copy(known.find((e) => e.kind === 'sale')!.body) as { lines: unknown[] };
    sale.lines = [Object.assign(Object.create(null), sale.lines[0])];
    for (const [kind, b] of [
      ['points.award', new Body()],
      ['points.award', Object.assign(Object.create(null), award)],
      ['points.award', hidden],
      ['sale', sale],
      ['points.award', null],
      ['points.award', [award]],
    ] as const)
      expect(knownBodyText(kind, b)).toBeNull();
  });
});
