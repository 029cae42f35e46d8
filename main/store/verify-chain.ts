import { entryHash, GENESIS_HASH, type JournalEntry, sha256Hex } from '../../src/journal';
import { journalEntryFrom } from '../../src/journal/stored-entry';
import type { Db } from './database';
import { bodyIsValid } from './rows';
import { compareRows, ledgerStatements } from './verify-rows';
import { CHUNK, type PointsSums, type Report, type TableCounts } from './verify-types';

/** Where a run of entries starts and ends: the first entry's seq and prevHash, the last one's seq and hash. */
export interface RangeEnds {
  first: { seq: number; prevHash: string } | null;
  last: { seq: number; hash: string } | null;
}

/**
 * A journal or foreign_entries row as the chunk statements read it: the columns, then
 * the entry's canonical text as SQLite writes it around the stored body (`CANONICAL`).
 */
export type RawEntryRow = [
  number,
  string,
  string,
  number,
  string,
  string | null,
  string,
  string,
  string,
  Uint8Array,
];

/**
 * The canonical text of the entry around its stored body, as UTF-8 bytes written by
 * SQLite: hashing them costs no string building and no UTF-8 encoding in JS. The
 * till stores each body as its canonical JSON, so for an intact entry this is exactly
 * the text its hash covers. The device id is the first parameter. json_quote writes
 * each header string as a faithful JSON string, and the body's text delimits itself,
 * so a matching hash proves these are the fields that were hashed (see HashCheck).
 */
const CANONICAL = `CAST('{"at":' || at || ',"body":' || body || ',"businessDate":' || json_quote(business_date)
  || ',"clerkId":' || json_quote(clerk_id) || ',"deviceId":' || json_quote(?) || ',"id":' || json_quote(id)
  || ',"kind":' || json_quote(kind) || ',"prevHash":' || json_quote(prev_hash) || ',"seq":' || seq || '}' AS BLOB)`;
const COLUMNS = `seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash, ${CANONICAL}`;

/** Reads chunks of the till's own journal with after < seq <= to, in seq order. */
export function ownChunks(db: Db, deviceId: string, to = Number.MAX_SAFE_INTEGER) {
  const chunk = db
    .prepare(`SELECT ${COLUMNS} FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`)
    .raw();
  return (after: number) => chunk.all(deviceId, after, to, CHUNK) as RawEntryRow[];
}

/** Reads chunks of one foreign device's entries, in seq order. */
export function foreignChunks(db: Db, deviceId: string) {
  const chunk = db
    .prepare(`SELECT ${COLUMNS} FROM foreign_entries WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
    .raw();
  return (after: number) => chunk.all(deviceId, deviceId, after, CHUNK) as RawEntryRow[];
}

/**
 * One device's entries, chunk by chunk: chain (own device) or entry hashes (foreign), then
 * its ledger rows. `after` is where reading starts (the seq before the first). With
 * `linkFirst` false the first entry's seq and prevHash are not checked here: a worker
 * checking one seq range leaves that link to whoever knows the range before it.
 */
export function checkDevice(
  db: Db,
  deviceId: string,
  chunkAfter: (seq: number) => RawEntryRow[],
  chained: boolean,
  expected: TableCounts,
  report: Report,
  sums: PointsSums,
  after = 0,
  linkFirst = true,
): RangeEnds & { count: number } {
  const statements = ledgerStatements(db);
  const hashes = new HashCheck();
  let prevSeq = after;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let first: RangeEnds['first'] = null;
  for (let rows = chunkAfter(after); rows.length > 0; rows = chunkAfter(prevSeq)) {
    const entries: JournalEntry[] = new Array(rows.length);
    let bodiesValid = true;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const e = entryFromRaw(row, deviceId);
      entries[i] = e;
      if (first === null) first = { seq: e.seq, prevHash: e.prevHash };
      if (chained && (linkFirst || count + i > 0)) {
        if (e.seq !== prevSeq + 1)
          report({ kind: 'chain', detail: `seq gap (expected ${prevSeq + 1})`, seq: e.seq });
        if (e.prevHash !== prevHash)
          report({ kind: 'chain', detail: 'previous hash does not match', seq: e.seq });
      }
      if (!hashes.matches(e, row[9])) {
        report(
          chained
            ? { kind: 'chain', detail: 'hash does not match content', seq: e.seq }
            : { kind: 'foreign-hash', deviceId, seq: e.seq },
        );
      }
      if (!bodyIsValid(e)) {
        bodiesValid = false;
        report({ kind: 'bad-body', deviceId, seq: e.seq });
      }
      prevSeq = e.seq;
      prevHash = e.hash;
    }
    count += entries.length;
    compareRows(deviceId, entries, bodiesValid, statements, expected, report, sums);
  }
  return { count, first, last: count > 0 ? { seq: prevSeq, hash: prevHash } : null };
}

/** The JournalEntry of a raw row, as entryFromRow makes it from a row object. */
function entryFromRaw(r: RawEntryRow, deviceId: string): JournalEntry {
  return journalEntryFrom({
    seq: r[0],
    id: r[1],
    kind: r[2],
    at: r[3],
    businessDate: r[4],
    clerkId: r[5],
    body: r[6],
    prevHash: r[7],
    hash: r[8],
    deviceId,
  });
}

/**
 * Each entry's hash against its content. The fast way hashes SQLite's canonical text
 * around the stored body (`CANONICAL`). Its header strings are written by json_quote and
 * its numbers as SQLite's decimal digits, which are JavaScript's for safe integers; so
 * when the hash matches, that text is the hashed canonical text, and parsing it gives
 * exactly the entry read here: the hashed entry. An older row (body written in another
 * key order) or a changed one is hashed the full way, from the parsed entry, before it
 * counts as a mismatch. Whichever way last matched is tried first.
 */
class HashCheck {
  private storedFirst = true;
  matches(e: JournalEntry, canonical: Uint8Array): boolean {
    if (this.test(e, canonical, this.storedFirst)) return true;
    if (!this.test(e, canonical, !this.storedFirst)) return false;
    this.storedFirst = !this.storedFirst;
    return true;
  }
  private test(e: JournalEntry, canonical: Uint8Array, stored: boolean): boolean {
    if (!stored) return entryHash(e) === e.hash;
    return Number.isSafeInteger(e.at) && Number.isSafeInteger(e.seq) && sha256Hex(canonical) === e.hash;
  }
}

/**
 * The till's journal must reach every seq the township has acknowledged for it
 * (`sync.pushed_through`, kept while the enrolment is this device's: a restore starts a
 * new device id). This is the only head the till itself holds: a journal that lost its
 * last entries after they were pushed is found here, even when they had no ledger rows.
 * Entries lost before they were pushed leave no trace in the file; only the server's
 * head can show them (decision 0480).
 */
export function checkAcknowledgedHead(db: Db, deviceId: string, head: number, report: Report): void {
  const setting = (key: string): unknown => {
    const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    try {
      return v === undefined ? null : JSON.parse(v);
    } catch {
      return null;
    }
  };
  const enrolment = setting('sync.enrolment') as { deviceId?: unknown } | null;
  const acknowledged = setting('sync.pushed_through');
  if (enrolment?.deviceId !== deviceId || typeof acknowledged !== 'number' || acknowledged <= head) return;
  report({
    kind: 'chain',
    detail: `entries missing: the township acknowledged seq ${acknowledged}, the journal ends at ${head}`,
    seq: head + 1,
  });
}
