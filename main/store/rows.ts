import { bodySchemaFor, type JournalEntry } from '../../src/journal';
import { bodyAsZodParses } from '../../src/journal/entry-walk';
import { journalEntryFrom } from '../../src/journal/stored-entry';

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
  return journalEntryFrom({
    id: row.id,
    deviceId,
    seq: row.seq,
    at: row.at,
    businessDate: row.business_date,
    clerkId: row.clerk_id,
    kind: row.kind,
    body: row.body,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
}

/**
 * Checks a stored body still satisfies its schema (tampering can also break shape). The
 * kinds a till writes by the thousand (sales, voids, points, stock moves) are first walked
 * without zod: a walk is sure only of a body zod accepts, and anything else is zod's to
 * judge (decision 0481).
 */
export function bodyIsValid(entry: JournalEntry): boolean {
  if (bodyAsZodParses(entry.kind, entry.body) !== null) return true;
  return bodySchemaFor(entry.kind).safeParse(entry.body).success;
}
