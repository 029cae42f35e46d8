import {
  GENESIS_HASH,
  hashedEntry,
  hashOfKnownShape,
  type JournalEntry,
  type UnchainedEntry,
} from '../../src/journal';

/**
 * A validated entry put on the chain after `prevHash` (null: the first) at `seq`, with the
 * body text to store: its canonical JSON, the bytes the hash covers (verify hashes them as
 * stored). `bodyText` is validateEntry's: non-null when the entry took its fast path.
 */
export function chainEntry(
  entry: UnchainedEntry,
  seq: number,
  prevHash: string | null,
  bodyText: string | null,
): { chained: JournalEntry; body: string } {
  if (bodyText === null) {
    const chained = { ...entry, seq, prevHash: prevHash ?? GENESIS_HASH } as JournalEntry;
    const hashed = hashedEntry(chained);
    chained.hash = hashed.hash;
    return { chained, body: hashed.body };
  }
  // validate's fast path: exactly the header's fields, each of its type, so the entry's
  // canonical text is its header written around the body's (decision 0462).
  const chained = {
    id: entry.id,
    deviceId: entry.deviceId,
    at: entry.at,
    businessDate: entry.businessDate,
    clerkId: entry.clerkId,
    kind: entry.kind,
    body: entry.body,
    seq,
    prevHash: prevHash ?? GENESIS_HASH,
    hash: '',
  } as JournalEntry;
  chained.hash = hashOfKnownShape(chained, bodyText);
  return { chained, body: bodyText };
}
