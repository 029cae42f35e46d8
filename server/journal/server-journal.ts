import type { Clock } from '../../src/clock';
import { businessDate } from '../../src/clock';
import { newId } from '../../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry, type UnchainedEntry } from '../../src/journal';
import type { Db } from '../db/connect';
import type { DeviceTable } from '../db/schema';
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
  const now = clock.now();
  const zone = await db
    .selectFrom('townships')
    .select('timeZone')
    .where('id', '=', townshipId)
    .executeTakeFirst();
  return db.transaction().execute(async (trx) => {
    const recv = await lockSync(trx);
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
    const row = (await deviceForUpdate(trx, device.id)) as DeviceTable;
    const unhashed = {
      ...input,
      id: newId(clock),
      deviceId: row.id,
      seq: row.lastSeq + 1,
      at: now,
      businessDate: businessDate(now, zone?.timeZone),
      prevHash: row.lastHash,
    } as Omit<JournalEntry, 'hash'>;
    const entry = { ...unhashed, hash: entryHash(unhashed) } as JournalEntry;
    await ingest(trx, row, [entry], recv, now);
    return entry;
  });
}
