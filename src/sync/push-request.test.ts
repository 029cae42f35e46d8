import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { same } from '../../tests/support/same-value';
import type { JournalEntry } from '../journal/entry';
import { MAX_PUSH_BATCH, PushRequestSchema } from './messages';
import { pushRequestAsZodParses } from './push-request';

/** The stored byte-identity fixtures: valid entries of every kind (tests/hash-fixtures.test.ts). */
const FIXTURES = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'hash-fixtures.json'), 'utf8'),
  ) as { entry: JournalEntry }[]
).map((f) => f.entry);
const copy = <T>(v: T): T => structuredClone(v);
const award = FIXTURES.find((e) => e.kind === 'points.award')!;
const rule = FIXTURES.find((e) => e.kind === 'rule.define')!;

/** Whatever the walk returns, zod accepts and parses to the very same value; a null is zod's to judge. */
function agreesWithZod(body: unknown): 'fast' | 'zod' {
  const fast = pushRequestAsZodParses(body);
  if (fast === null) return 'zod';
  const parsed = PushRequestSchema.safeParse(body);
  expect(parsed.success).toBe(true);
  expect(same(fast, parsed.data)).toBe(true);
  return 'fast';
}

describe('a push request checked without zod (decision 0453)', () => {
  it('takes a push of every kind as zod parses it: walked kinds by the walk, the others by zod entry by entry', () => {
    for (const head of [undefined, 0, 7])
      for (const entries of [FIXTURES, [...FIXTURES].reverse(), [rule], [award]]) {
        const body = head === undefined ? { entries: copy(entries) } : { entries: copy(entries), head };
        expect(agreesWithZod(body)).toBe('fast');
        // As the wire carries it.
        expect(agreesWithZod(JSON.parse(JSON.stringify(body)))).toBe('fast');
      }
  });

  it('leaves to zod a request with an entry zod refuses anywhere, an unusual head or a bad batch size', () => {
    const badAward = { ...copy(award), body: { ...copy(award.body), amount: 0 } };
    const badRule = { ...copy(rule), body: { ...copy(rule.body), points: 0 } };
    const unknownKind = { ...copy(rule), kind: 'rule.redefine' };
    const cases: unknown[] = [
      { entries: [copy(award), badAward] },
      { entries: [badRule, copy(award)] },
      { entries: [unknownKind] },
      { entries: [copy(award), null] },
      // biome-ignore lint/suspicious/noSparseArray: a hole where an entry should be
      { entries: [copy(award), , copy(award)] },
      { entries: [] },
      { entries: new Array(MAX_PUSH_BATCH + 1).fill(award) },
      { entries: copy(award) },
      { entries: [copy(award)], head: -1 },
      { entries: [copy(award)], head: 1.5 },
      { entries: [copy(award)], head: 2 ** 53 },
      { entries: [copy(award)], head: '3' },
      { entries: [copy(award)], head: null },
      { entries: [copy(award)], head: undefined },
      { head: 1 },
      [copy(award)],
      null,
      'push',
    ];
    for (const c of cases) expect(agreesWithZod(c)).toBe('zod');
    // A batch of exactly the limit, and a head of 0 and of the largest safe integer, are taken.
    expect(agreesWithZod({ entries: new Array(MAX_PUSH_BATCH).fill(award), head: 0 })).toBe('fast');
    expect(agreesWithZod({ entries: [copy(award)], head: 2 ** 53 - 1 })).toBe('fast');
    // A key the schema does not name is left out, as zod strips it.
    expect(agreesWithZod({ entries: [{ ...copy(award), extra: 1 }], extra: 1 })).toBe('fast');
  });

  it('is sure of no request zod refuses or parses otherwise, on random batches of good, broken and unwalked entries', () => {
    const entry = fc.oneof(
      { arbitrary: fc.constantFrom(...FIXTURES), weight: 6 },
      fc
        .tuple(
          fc.constantFrom(...FIXTURES),
          fc.constantFrom('id', 'seq', 'kind', 'body', 'hash', 'extra'),
          fc.constantFrom(0, -1, 'x', null, undefined, {}, award.id, 'points.award', 'rule.define'),
        )
        .map(([e, k, v]) => ({ ...copy(e), [k]: v })),
    );
    const request = fc
      .tuple(
        fc.array(entry, { minLength: 0, maxLength: 5 }),
        fc.oneof(
          { arbitrary: fc.constantFrom('absent', 0, 1, 2 ** 53 - 1), weight: 4 },
          fc.constantFrom(undefined, -1, 0.5, 2 ** 53, '1', null),
        ),
        fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, fc.constantFrom('extra', 'toString')),
      )
      .map(([entries, head, extra]) => ({
        entries: copy(entries),
        ...(head === 'absent' ? {} : { head }),
        ...(extra ? { [extra]: 1 } : {}),
      }));
    let fast = 0;
    fc.assert(
      fc.property(request, (r) => {
        if (agreesWithZod(r) === 'fast') fast++;
      }),
      { numRuns: 2000, seed: 453 },
    );
    // Not vacuous: a fair share went the fast way and were compared.
    expect(fast).toBeGreaterThan(300);
  });
});
