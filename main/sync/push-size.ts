import { MAX_PUSH_BATCH, UNNAMED_PUSH_LIMIT } from '../../src/sync/messages';
import type { PushEntryText } from './push-batch';

/** Entries in a till's first push request of a run, and the least it shrinks to (decision 0452). */
export const FIRST_PUSH_BATCH = 500;
/** A full batch answered within this doubles the next; one slower than SLOW_PUSH_MS halves it. */
export const FAST_PUSH_MS = 1000;
export const SLOW_PUSH_MS = 4000;
/**
 * JSON text one push request may carry: half the server's body limit (MAX_BODY_BYTES), so
 * a batch of unusually large entries is cut short instead of refused.
 */
export const PUSH_TEXT_CAP = 4 * 1024 * 1024;

/**
 * The size of the next push batch after one of `size` entries was answered in `elapsedMs`
 * (sent, stored and answered). A fast link and server earn bigger batches, which cost the
 * server less per entry (one commit, one signature, fewer index pages written per entry);
 * a slow link keeps small ones, so a dropped connection loses little and every request
 * stays far from the timeout. `max` is what the server said it takes.
 */
export function nextPushBatch(size: number, elapsedMs: number, max: number): number {
  if (elapsedMs <= FAST_PUSH_MS) return Math.min(max, size * 2);
  if (elapsedMs > SLOW_PUSH_MS) return Math.min(max, Math.max(FIRST_PUSH_BATCH, Math.floor(size / 2)));
  return Math.min(max, size);
}

/**
 * The most a push may carry, from the limit a push answer names: a server before 0452 names
 * none and takes 1000; a till never asks more than its own MAX_PUSH_BATCH of a newer one.
 */
export function pushLimitOf(maxBatch: number | undefined): number {
  return maxBatch === undefined ? UNNAMED_PUSH_LIMIT : Math.min(maxBatch, MAX_PUSH_BATCH);
}

/** The leading entries of `batch` whose JSON text fits in `cap` characters (always at least one). */
export function withinTextCap(batch: PushEntryText[], cap = PUSH_TEXT_CAP): PushEntryText[] {
  let length = 0;
  for (let i = 0; i < batch.length; i++) {
    length += batch[i]!.json.length + 1;
    if (length > cap && i > 0) return batch.slice(0, i);
  }
  return batch;
}
