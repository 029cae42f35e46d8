import type { Transaction } from 'kysely';
import type { Clock } from '../../src/clock';
import { businessDate } from '../../src/clock';
import { newId } from '../../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry, type UnchainedEntry } from '../../src/journal';
import type { Db } from '../db/connect';
import type { DeviceTable, ServerDatabase } from '../db/schema';
import { deviceForUpdate, ingest, lockSync } from '../sync/ingest';

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type ServerEntryInput = DistributiveOmit<UnchainedEntry, 'id' | 'deviceId' | 'at' | 'businessDate'>;

/**
 * The server is a device too: township awards and card blocks are entries in its own
 * journal (one per township), chained and stored through the same ingest path as a
 * till's, so every till pulls them like any other device's entries.
 */
export async function appendServerEntry(
  db: Db,
  clock: Clock,
  townshipId: string,
  input: ServerEntryInput,
): Promise<JournalEntry> {
  const [entry] = await db
    .transaction()
    .execute((trx) => appendServerEntriesIn(trx, clock, townshipId, [input]));
  return entry as JournalEntry;
}

/**
 * Appends several entries of the server device inside the caller's transaction, so a
 * console change can check what it needs, write its entries and commit as one unit
 * (a roster import posts its opening balances this way). Takes the sync lock first.
 */
export async function appendServerEntriesIn(
  trx: Transaction<ServerDatabase>,
  clock: Clock,
  townshipId: string,
  inputs: ServerEntryInput[],
): Promise<JournalEntry[]> {
  const now = clock.now();
  const recv = await lockSync(trx);
  const zone = await trx
    .selectFrom('townships')
    .select('timeZone')
    .where('id', '=', townshipId)
    .executeTakeFirst();
  let device = await trx
    .selectFrom('devices')
    .select('id')
    .where('townshipId', '=', townshipId)
    .where('kind', '=', 'server')
    .executeTakeFirst();
  if (!device) {
    const id = newId(clock);
    await trx
      .insertInto('devices')
      .values({
        id,
        townshipId,
        shopId: null,
        name: 'township server',
        kind: 'server',
        publicKey: null,
        status: 'active',
        previousDeviceId: null,
        enrolledAt: now,
        lastSeq: 0,
        lastHash: GENESIS_HASH,
        lastSyncAt: now,
        lastClockSkewMs: 0,
      })
      .execute();
    device = { id };
  }
  if (inputs.length === 0) return [];
  const row = (await deviceForUpdate(trx, device.id)) as DeviceTable;
  const entries: JournalEntry[] = [];
  let prev = { seq: row.lastSeq, hash: row.lastHash };
  for (const input of inputs) {
    const unhashed = {
      ...input,
      id: newId(clock),
      deviceId: row.id,
      seq: prev.seq + 1,
      at: now,
      businessDate: businessDate(now, zone?.timeZone),
      prevHash: prev.hash,
    } as Omit<JournalEntry, 'hash'>;
    const entry = { ...unhashed, hash: entryHash(unhashed) } as JournalEntry;
    entries.push(entry);
    prev = { seq: entry.seq, hash: entry.hash };
  }
  await ingest(trx, row, entries, recv, now);
  return entries;
}
