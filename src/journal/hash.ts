import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import { GENESIS_HASH, type JournalEntry } from './entry';

/**
 * Canonical JSON (RFC 8785 / JCS) of an entry without its own hash. The same bytes
 * on till and server, whatever order the fields were built in.
 */
export function canonicalEntry(entry: Omit<JournalEntry, 'hash'> | JournalEntry): string {
  const { hash: _omit, ...rest } = entry as JournalEntry;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('entry cannot be canonicalised');
  return text;
}

export function entryHash(entry: Omit<JournalEntry, 'hash'> | JournalEntry): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalEntry(entry))));
}

export type ChainProblem =
  | { kind: 'seq-gap'; seq: number; expected: number }
  | { kind: 'prev-hash-mismatch'; seq: number }
  | { kind: 'hash-mismatch'; seq: number; id: string };

/**
 * Checks that entries of one device form an unbroken chain starting after
 * (`fromSeq`, `fromHash`): contiguous sequence numbers, each prevHash the previous
 * hash, each hash the hash of its content.
 */
export function checkChain(
  entries: Iterable<JournalEntry>,
  fromSeq = 0,
  fromHash = GENESIS_HASH,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedSeq = fromSeq + 1;
  let prev = fromHash;
  for (const e of entries) {
    if (e.seq !== expectedSeq) problems.push({ kind: 'seq-gap', seq: e.seq, expected: expectedSeq });
    if (e.prevHash !== prev) problems.push({ kind: 'prev-hash-mismatch', seq: e.seq });
    if (entryHash(e) !== e.hash) problems.push({ kind: 'hash-mismatch', seq: e.seq, id: e.id });
    expectedSeq = e.seq + 1;
    prev = e.hash;
  }
  return problems;
}
