import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openServerDb, type ServerDb } from '../server/db/connect';
import { ensureTownship } from '../server/master/master-data';
import { deviceForUpdate, ingest, lockSync } from '../server/sync/ingest';
import { ManualClock, startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry } from '../src/journal';
import type { Postgres } from '../tests/support/postgres';

/**
 * For benches that build a township's ledger in-process through the real ingest, without
 * HTTP or enrolment (bench/server-stock.ts, the month close of bench/sync.ts).
 */
export interface BenchLedger {
  store: ServerDb;
  clock: ManualClock;
  townshipId: string;
  /** Closes the database and removes its temp dir. */
  close(): Promise<void>;
}

/** A server database (SQLite in a temp dir, or a fresh PostgreSQL database) with one township. */
export async function benchLedger(pg: Postgres | null, name: string): Promise<BenchLedger> {
  const dir = mkdtempSync(join(tmpdir(), `jifen-bench-${name}-`));
  const store = await openServerDb({
    databaseUrl: pg ? await pg.newDatabase() : undefined,
    sqliteFile: join(dir, 'server.db'),
  });
  const clock = new ManualClock(Date.parse('2026-11-02T00:00:00Z'));
  const townshipId = newId(clock);
  await ensureTownship(store.db, { id: townshipId, name: '基准镇', timeZone: 'Asia/Shanghai' });
  return {
    store,
    clock,
    townshipId,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What an entry of the bench's ledger says; the chain fields are filled in by `ingestChain`. */
interface EntryFacts {
  kind: string;
  body: unknown;
  businessDate: string;
  clerkId: string;
}

/**
 * A till of `shopId`, registered straight in the devices table, and `count` entries of it
 * hash-chained from seq 1 and ingested in transactions of 1000, as pushes of 1000 would be.
 */
export async function ingestChain(
  db: Db,
  clock: ManualClock,
  till: { townshipId: string; shopId: string; count: number; entry(seq: number): EntryFacts },
): Promise<void> {
  const deviceId = newId(clock);
  await db
    .insertInto('devices')
    .values({
      id: deviceId,
      townshipId: till.townshipId,
      shopId: till.shopId,
      name: 'bench',
      kind: 'till',
      publicKey: null,
      status: 'active',
      previousDeviceId: null,
      enrolledAt: 0,
      lastSeq: 0,
      lastHash: GENESIS_HASH,
      lastSyncAt: clock.now(),
      lastClockSkewMs: 0,
    })
    .execute();
  let prev = GENESIS_HASH;
  // 10:00 on the entry's date, as a till dates it: the server counts an entry by its time (decision 0723).
  const tenOClock = new Map<string, number>();
  const atOf = (date: string) => {
    let at = tenOClock.get(date);
    if (at === undefined) {
      at = startOfLocalDay(date) + 10 * 3_600_000;
      tenOClock.set(date, at);
    }
    return at;
  };
  for (let seq = 1; seq <= till.count; seq += 1000) {
    const batch: JournalEntry[] = [];
    for (let s = seq; s < Math.min(seq + 1000, till.count + 1); s++) {
      const facts = till.entry(s);
      const unhashed = {
        ...facts,
        id: newId(clock),
        deviceId,
        seq: s,
        at: atOf(facts.businessDate),
        prevHash: prev,
      } as Omit<JournalEntry, 'hash'>;
      const e = { ...unhashed, hash: entryHash(unhashed) } as JournalEntry;
      prev = e.hash;
      batch.push(e);
    }
    await db.transaction().execute(async (trx) => {
      const recv = await lockSync(trx);
      await ingest(trx, (await deviceForUpdate(trx, deviceId))!, batch, recv, clock.now());
    });
  }
}
