import { tillError } from '../../src/errors';
import { hashedEntry, type JournalEntry, JournalEntrySchema } from '../../src/journal';
import { entryAsZodParses } from '../../src/journal/entry-walk';

/** One pulled entry after its checks: the entry as the schema gives it, and its body's canonical text. */
export interface CheckedForeign {
  entry: JournalEntry;
  /** The canonical body text the hash covers; null for this device's own entry (skipped, not hashed). */
  body: string | null;
}

/**
 * The checks TillStore.applyForeign makes on each pulled entry before it is stored: the
 * journal schema (the entry walk, which returns what zod returns, or zod when the walk is
 * not sure), then (for another device's entry) its hash over its canonical text. A fault
 * throws the error that refuses the page. Pure, so a worker thread can run it on page n+1
 * while the till applies page n (main/sync/check-worker.ts, decision 0496).
 */
export function checkForeign(raw: unknown, ownDeviceId: string): CheckedForeign {
  // The plain walk when it is sure (decision 0453), else zod, whose issue a refusal names.
  let entry = entryAsZodParses(raw);
  if (entry === null) {
    const parsed = JournalEntrySchema.safeParse(raw);
    if (!parsed.success) throw invalidEntry(parsed.error.message);
    entry = parsed.data as JournalEntry;
  }
  if (entry.deviceId === ownDeviceId) return { entry, body: null };
  const { hash, body } = hashedEntry(entry);
  if (hash !== entry.hash) {
    throw tillError(
      'SYNC_REFUSED',
      `外来记录校验失败：${entry.id}`,
      `Foreign entry fails its hash: ${entry.id}`,
      {
        id: entry.id,
      },
    );
  }
  return { entry, body };
}

export function invalidEntry(detail: string) {
  return tillError('INVALID_INPUT', `记录内容无效：${detail}`, `Invalid entry: ${detail}`, { detail });
}

/**
 * Whether two JSON values are the same value (key order aside). The schema may change
 * what it parses (it trims text, drops unknown keys); a worker's check stands for the
 * entry the main thread parsed from the same text only when it changed nothing.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
