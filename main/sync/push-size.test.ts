import { describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH, UNNAMED_PUSH_LIMIT } from '../../src/sync/messages';
import type { PushEntryText } from './push-batch';
import { FIRST_PUSH_BATCH, nextPushBatch, pushLimitOf, withinTextCap } from './push-size';

describe('push batch size (decision 0452)', () => {
  it('doubles after a fast answer up to the limit, halves after a slow one down to the first size', () => {
    expect(nextPushBatch(500, 80, 5000)).toBe(1000);
    expect(nextPushBatch(4000, 900, 5000)).toBe(5000);
    expect(nextPushBatch(5000, 300, 5000)).toBe(5000);
    // A server that names no limit takes 1000: a till never asks more of it.
    expect(nextPushBatch(1000, 80, 1000)).toBe(1000);
    expect(nextPushBatch(2000, 2500, 5000)).toBe(2000);
    expect(nextPushBatch(4000, 6000, 5000)).toBe(2000);
    expect(nextPushBatch(FIRST_PUSH_BATCH, 30_000, 5000)).toBe(FIRST_PUSH_BATCH);
    expect(nextPushBatch(5000, 2000, 1000)).toBe(1000);
  });

  it('asks at most 1000 of a server that names no limit, and never more than its own limit of one that does', () => {
    expect(UNNAMED_PUSH_LIMIT).toBe(1000);
    expect(pushLimitOf(undefined)).toBe(UNNAMED_PUSH_LIMIT);
    expect(pushLimitOf(5000)).toBe(5000);
    expect(pushLimitOf(200)).toBe(200);
    expect(pushLimitOf(MAX_PUSH_BATCH * 4)).toBe(MAX_PUSH_BATCH);
    // Answer after answer from an old server, every one fast: the batch stops at 1000.
    let size = FIRST_PUSH_BATCH;
    for (let i = 0; i < 10; i++) size = nextPushBatch(size, 50, pushLimitOf(undefined));
    expect(size).toBe(1000);
  });

  it('cuts a batch before the entry whose text passes the cap, and always sends one', () => {
    const e = (seq: number, chars: number): PushEntryText => ({ seq, hash: '', json: 'x'.repeat(chars) });
    const batch = [e(1, 40), e(2, 40), e(3, 40)];
    expect(withinTextCap(batch, 1000)).toEqual(batch);
    expect(withinTextCap(batch, 90).map((x) => x.seq)).toEqual([1, 2]);
    expect(withinTextCap([e(1, 5000), e(2, 1)], 100).map((x) => x.seq)).toEqual([1]);
  });
});
