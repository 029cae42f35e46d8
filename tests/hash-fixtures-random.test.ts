import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalJson, GENESIS_HASH, pureSha256, sha256Hex } from '../src/journal';

/**
 * The fast canonical JSON against npm `canonicalize` (the reference the stored
 * fixtures came from) on random values: same text, or both refuse (NaN, lone
 * surrogates). Strings mix ASCII, CJK, emoji, control characters and lone surrogates.
 */
const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '\u2028', '\u0000', '\ud800', '\udc00x', '😀', '积分', '__proto__'),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('any'), { maxLength: 5 }),
    fc.dictionary(text, tie('any'), { maxKeys: 6 }),
  ),
})).any;

function outcome(f: () => string | undefined): string {
  try {
    return `ok:${f()}`;
  } catch {
    return 'refused';
  }
}

describe('fast canonical JSON', () => {
  it('writes what canonicalize writes for any value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(outcome(() => canonicalJson(v))).toBe(
          outcome(() => {
            const t = canonicalize(v);
            if (t === undefined) throw new Error('undefined');
            return t;
          }),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('writes an entry as canonicalize writes it without its hash, header shape or not', () => {
    const header = fc.record({
      id: text,
      deviceId: text,
      seq: fc.oneof(fc.integer(), fc.double()),
      at: fc.integer(),
      businessDate: text,
      clerkId: fc.option(text),
      kind: text,
      prevHash: fc.constant(GENESIS_HASH),
      body: fc.dictionary(text, value, { maxKeys: 8 }),
    });
    const entry = fc
      .tuple(header, fc.option(fc.string()), fc.dictionary(text, value, { maxKeys: 2 }))
      .map(([h, hash, extra]) => ({
        ...h,
        ...(hash === null ? {} : { hash }),
        ...(hash === '' ? extra : {}),
      }));
    fc.assert(
      fc.property(entry, (e) => {
        const { hash: _omit, ...rest } = e as { hash?: string };
        expect(outcome(() => canonicalEntry(e as never))).toBe(outcome(() => canonicalize(rest)));
      }),
      { numRuns: 3000 },
    );
  });

  it('hashes strings and bytes alike with the host SHA-256 and the pure one', () => {
    const data = fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 300 }));
    fc.assert(
      fc.property(data, (d) => {
        expect(sha256Hex(d)).toBe(pureSha256(d));
      }),
      { numRuns: 2000 },
    );
  });
});
