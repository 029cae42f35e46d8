/**
 * The township's stock at size (issue 12, decision 0810): 100k stock moves of one shop
 * (500 products, one of them with 20k moves) ingested in batches of 1000 through the real
 * ingest, then the console's stock card of the busiest product (a replay of its lines), the
 * current levels of every product, and the month-end report, on SQLite and PostgreSQL.
 * JIFEN_BENCH_DIALECTS (default "sqlite,postgres") narrows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServerDb } from '../server/db/connect';
import { ensureTownship, upsertMasterData } from '../server/master/master-data';
import { computeReport } from '../server/periods/report';
import { shopStock } from '../server/stock/shop-stock';
import { replayStock } from '../server/stock/stock-ledger';
import { deviceForUpdate, ingest, lockSync } from '../server/sync/ingest';
import { ManualClock } from '../src/clock';
import { newId } from '../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry } from '../src/journal';
import { type Postgres, startPostgres } from '../tests/support/postgres';

type Dialect = 'sqlite' | 'postgres';
const dialects = (process.env.JIFEN_BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
const MOVES = 100_000;

async function atSize(dialect: Dialect, pg: Postgres | null): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-server-stock-'));
  const store = await openServerDb({
    databaseUrl: pg ? await pg.newDatabase() : undefined,
    sqliteFile: join(dir, 'server.db'),
  });
  const clock = new ManualClock(Date.parse('2026-11-02T00:00:00Z'));
  try {
    const townshipId = newId(clock);
    await ensureTownship(store.db, { id: townshipId, name: '基准镇', timeZone: 'Asia/Shanghai' });
    const village = { id: newId(clock), townshipId, name: '村' };
    const shop = {
      id: newId(clock),
      villageId: village.id,
      name: '店',
      receiptHeader: '',
      receiptFooter: '',
      redemptionWindow: null,
    };
    const products = Array.from({ length: 500 }, (_, i) => ({
      id: newId(clock),
      barcode: null,
      name: `商品${i}`,
      pinyin: '',
      unit: '件',
      pricePoints: 1500,
      category: '',
      isService: false,
      active: true,
      favourite: false,
    }));
    const keeper = {
      id: newId(clock),
      name: '库管',
      role: 'stockkeeper' as const,
      shopId: shop.id,
      pinHash: 'x',
      active: true,
    };
    await upsertMasterData(store.db, townshipId, {
      villages: [village],
      shops: [shop],
      products,
      clerks: [keeper],
    });
    const deviceId = newId(clock);
    await store.db
      .insertInto('devices')
      .values({
        id: deviceId,
        townshipId,
        shopId: shop.id,
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
    const hot = products[0]!.id;
    let prev = GENESIS_HASH;
    const started = performance.now();
    for (let seq = 1; seq <= MOVES; seq += 1000) {
      const batch: JournalEntry[] = [];
      for (let s = seq; s < seq + 1000; s++) {
        const productId = s % 5 === 0 ? hot : products[1 + (s % 499)]!.id;
        const out = s % 3 === 2 && s > 1000;
        const unhashed = {
          kind: out ? 'stock.writeoff' : 'stock.receive',
          body: {
            productId,
            shopId: shop.id,
            qty: out ? -1 : 3,
            unitCostFen: out ? 250 : 200 + (s % 97),
            reason: 'bench',
            reference: 'bench',
          },
          id: newId(clock),
          deviceId,
          seq: s,
          at: 0,
          businessDate: `2026-10-${String(Math.floor(((s - 1) / MOVES) * 28) + 1).padStart(2, '0')}`,
          clerkId: keeper.id,
          prevHash: prev,
        } as Omit<JournalEntry, 'hash'>;
        const e = { ...unhashed, hash: entryHash(unhashed) } as JournalEntry;
        prev = e.hash;
        batch.push(e);
      }
      await store.db.transaction().execute(async (trx) => {
        const recv = await lockSync(trx);
        await ingest(trx, (await deviceForUpdate(trx, deviceId))!, batch, recv, clock.now());
      });
    }
    const ingestMs = performance.now() - started;
    const time = async (f: () => Promise<unknown>, n = 5) => {
      await f();
      const t = performance.now();
      for (let i = 0; i < n; i++) await f();
      return (performance.now() - t) / n;
    };
    const card = await replayStock(store.db, townshipId, { shopId: shop.id, productId: hot });
    const cardMs = await time(() => replayStock(store.db, townshipId, { shopId: shop.id, productId: hot }));
    const levelsMs = await time(() => shopStock(store.db, townshipId));
    const reportMs = await time(() => computeReport(store.db, townshipId, '2026-10', clock.now()));
    console.log(
      `[${dialect}] server stock: ${MOVES.toLocaleString('en')} stock moves ingested in ${(ingestMs / 1000).toFixed(1)} s ` +
        `(${Math.round((MOVES / ingestMs) * 1000).toLocaleString('en')} entries/s); stock card of ${card.moves.length.toLocaleString('en')} moves ` +
        `${cardMs.toFixed(0)} ms; levels of ${products.length} products ${levelsMs.toFixed(0)} ms; month-end report ${reportMs.toFixed(0)} ms`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  for (const dialect of dialects) {
    const pg = dialect === 'postgres' ? await startPostgres() : null;
    try {
      await atSize(dialect, pg);
    } finally {
      await pg?.stop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
