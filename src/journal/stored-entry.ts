import type { EntryKind, JournalEntry } from './entry';

/** An entry as a database row holds it, in either store's column names after mapping. */
export interface StoredEntry {
  id: string;
  deviceId: string;
  /** SQLite gives numbers; PostgreSQL bigints may arrive as strings. */
  seq: number | string | bigint;
  kind: string;
  at: number | string | bigint;
  businessDate: string;
  clerkId: string | null;
  /** The body as stored: JSON text. */
  body: string;
  prevHash: string;
  hash: string;
}

/**
 * The one mapping from a stored row to a JournalEntry, used by the till's journal and
 * foreign entries and by the township server's pull. The hash check is the caller's.
 */
export function journalEntryFrom(r: StoredEntry): JournalEntry {
  return {
    id: r.id,
    deviceId: r.deviceId,
    seq: Number(r.seq),
    at: Number(r.at),
    businessDate: r.businessDate,
    clerkId: r.clerkId,
    kind: r.kind as EntryKind,
    body: JSON.parse(r.body),
    prevHash: r.prevHash,
    hash: r.hash,
  } as JournalEntry;
}
