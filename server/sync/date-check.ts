import type { Transaction } from 'kysely';
import { businessDate } from '../../src/clock';
import { newId } from '../../src/ids';
import type { JournalEntry } from '../../src/journal';
import { inChunks } from '../db/bulk';
import type { DateFlagTable, DeviceTable, ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;

/**
 * A till dates each entry from its `at` in the township's zone (TillStore.header:
 * src/clock's businessDate). At ingest the server works the date out the same way; an
 * entry whose date differs is stored as sent (its hash covers the date), flagged for an
 * officer, and counted by the date its `at` gives (decision 0723). Returns the date each
 * entry counts by. Per entry this is the clock's zoned-offset arithmetic and one string
 * compare: Intl is asked only when the entries cross into another UTC hour.
 */
export async function checkBusinessDates(
  trx: Trx,
  device: DeviceTable,
  fresh: readonly JournalEntry[],
  now: number,
): Promise<(e: JournalEntry) => string> {
  const township = await trx
    .selectFrom('townships')
    .select('timeZone')
    .where('id', '=', device.townshipId)
    .executeTakeFirst();
  const zone = township?.timeZone;
  const flags: DateFlagTable[] = [];
  for (const e of fresh) {
    const atDate = businessDate(e.at, zone);
    if (atDate === e.businessDate) continue;
    flags.push({
      id: newId({ now: () => now }),
      townshipId: device.townshipId,
      entryId: e.id,
      deviceId: e.deviceId,
      kind: e.kind,
      at: e.at,
      tillDate: e.businessDate,
      atDate,
      detectedAt: now,
      status: 'open',
    });
  }
  if (flags.length === 0) return (e) => e.businessDate;
  await inChunks(flags, (chunk) => trx.insertInto('dateFlags').values(chunk).execute());
  const byEntry = new Map(flags.map((f) => [f.entryId, f.atDate]));
  return (e) => byEntry.get(e.id) ?? e.businessDate;
}
