import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyDigest } from '../../src/sync/signing';
import { signedBodyOf } from './signed-body';

/** The digest as the server took it before 0455: over the decoded text, encoded again. */
const before = (bytes: Buffer) => bodyDigest(bytes.toString('utf8'));
const now = (bytes: Buffer) => bodyDigest(signedBodyOf(bytes, bytes.toString('utf8')));

describe('the request body digest over the bytes as they came (decision 0455)', () => {
  it('is the digest of the decoded text, for valid UTF-8 and for any other bytes', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        '',
        '\uFEFF{"a":1}',
        '张三 "引号" \\ 😀 \u2028',
        '\uD800',
        'a\uDC00b',
        '{"entries":[]}',
      ),
    );
    const bytes = fc.oneof(
      texts.map((t) => Buffer.from(t, 'utf8')),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
      // Overlong, surrogate, truncated and out-of-range sequences.
      fc.constantFrom(
        ...[
          [0xc0, 0x80],
          [0xed, 0xa0, 0x80],
          [0xe4, 0xb8],
          [0xf4, 0x90, 0x80, 0x80],
          [0xff],
          [0x7b, 0xe4],
        ].map((b) => Buffer.from(b)),
      ),
    );
    let asBytes = 0;
    let asText = 0;
    fc.assert(
      fc.property(bytes, (b) => {
        expect(now(b)).toBe(before(b));
        if (typeof signedBodyOf(b, b.toString('utf8')) === 'string') asText++;
        else asBytes++;
      }),
      { numRuns: 3000, seed: 455 },
    );
    // Both ways were taken.
    expect(asBytes).toBeGreaterThan(500);
    expect(asText).toBeGreaterThan(100);
  });
});
