import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { knownBodyText } from './body-text';
import {
  canonicalEntryParts,
  canonicalEntryPartsWith,
  type EntryHeader,
  entryTextWithBody,
} from './canonical';
import { GENESIS_HASH, type JournalEntry } from './entry';

/** Lower-case hex SHA-256 of bytes, or of the UTF-8 bytes of a string. */
export type Sha256Hex = (data: string | Uint8Array) => string;

/** Pure JavaScript, for the browser and any host without a native hash. */
export const pureSha256: Sha256Hex = (data) =>
  bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));

interface NodeCrypto {
  hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string;
  createHash(algorithm: string): { update(data: string | Uint8Array): { digest(enc: 'hex'): string } };
}

/**
 * The host's native SHA-256 when it has one: Node (and Electron's utility process) hand
 * out node:crypto through process.getBuiltinModule without an import, so the renderer's
 * bundle never sees it and keeps the pure one. Five times faster per entry than noble.
 */
function hostSha256(): Sha256Hex | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  if (!crypto) return null;
  const oneShot = crypto.hash;
  if (oneShot) return (data) => oneShot('sha256', data, 'hex');
  return (data) => crypto.createHash('sha256').update(data).digest('hex');
}

let host: Sha256Hex = hostSha256() ?? pureSha256;

/** SHA-256 with the implementation the host supplied (entry hashes, request body digests). */
export function sha256Hex(data: string | Uint8Array): string {
  return host(data);
}

/** Lets a host supply its SHA-256 (tests run both); every implementation must give the same hex. */
export function useSha256(impl: Sha256Hex): void {
  host = impl;
}

/**
 * An entry's canonical text and its body's, the body written once for both: in its fixed
 * key order when it is of a known shape (knownBodyText, decision 0454), else sorted.
 */
function entryParts(entry: Omit<JournalEntry, 'hash'> | JournalEntry): { text: string; body: string } {
  const body = knownBodyText(entry.kind, entry.body);
  return body === null ? canonicalEntryParts(entry) : canonicalEntryPartsWith(entry, body);
}

/**
 * Canonical JSON (RFC 8785 / JCS) of an entry without its own hash. The same bytes
 * on till and server, whatever order the fields were built in.
 */
export function canonicalEntry(entry: Omit<JournalEntry, 'hash'> | JournalEntry): string {
  return entryParts(entry).text;
}

export function entryHash(entry: Omit<JournalEntry, 'hash'> | JournalEntry): string {
  return host(entryParts(entry).text);
}

/** An entry's hash and its body's canonical JSON, the body written once for both. */
export function hashedEntry(entry: Omit<JournalEntry, 'hash'> | JournalEntry): {
  hash: string;
  body: string;
} {
  const parts = entryParts(entry);
  return { hash: host(parts.text), body: parts.body };
}

/**
 * The hash of an entry whose header its caller built with exactly the header's fields, each
 * of its type (the till's append of a sale body it walked, decision 0462), around its
 * body's canonical text (saleBodyText): the text entryParts writes for it, through the same
 * writers, without the shape checks its caller made already.
 */
export function hashOfKnownShape(entry: EntryHeader, bodyText: string): string {
  return host(entryTextWithBody(entry, bodyText));
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
