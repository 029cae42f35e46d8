import { bodySchemaFor, type EntryKind, type JournalEntry } from '../../src/journal';

/** A journal or foreign_entries row as stored. */
export interface EntryRow {
  seq: number;
  id: string;
  kind: string;
  at: number;
  business_date: string;
  clerk_id: string | null;
  body: string;
  prev_hash: string;
  hash: string;
}

export function entryFromRow(row: EntryRow, deviceId: string): JournalEntry {
  return {
    id: row.id,
    deviceId,
    seq: row.seq,
    at: row.at,
    businessDate: row.business_date,
    clerkId: row.clerk_id,
    kind: row.kind as EntryKind,
    body: JSON.parse(row.body),
    prevHash: row.prev_hash,
    hash: row.hash,
  } as JournalEntry;
}

/** Checks a stored body still satisfies its schema (tampering can also break shape). */
export function bodyIsValid(entry: JournalEntry): boolean {
  return bodySchemaFor(entry.kind).safeParse(entry.body).success;
}
