import { upsertMasterData } from '../server/master/master-data';
import { computeReport } from '../server/periods/report';
import { shopStock } from '../server/stock/shop-stock';
import { replayStock } from '../server/stock/stock-ledger';
import { newId } from '../src/ids';
import { type Postgres, startPostgres } from '../tests/support/postgres';
import { benchLedger, ingestChain } from './in-process-ledger';

type Dialect = 'sqlite' | 'postgres';
const dialects = (process.env.JIFEN_BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
const MOVES = 100_000;

async function atSize(dialect: Dialect, pg: Postgres | null): Promise<void> {
  const ledger = await benchLedger(pg, 'server-stock');
  const { store, clock, townshipId } = ledger;
  try {
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
    const hot = products[0]!.id;
    const started = performance.now();
    await ingestChain(store.db, clock, {
      townshipId,
      shopId: shop.id,
      count: MOVES,
      entry(s) {
        const productId = s % 5 === 0 ? hot : products[1 + (s % 499)]!.id;
        const out = s % 3 === 2 && s > 1000;
        return {
          kind: out ? 'stock.writeoff' : 'stock.receive',
          body: {
            productId,
            shopId: shop.id,
            qty: out ? -1 : 3,
            unitCostFen: out ? 250 : 200 + (s % 97),
            reason: 'bench',
            reference: 'bench',
          },
          businessDate: `2026-10-${String(Math.floor(((s - 1) / MOVES) * 28) + 1).padStart(2, '0')}`,
          clerkId: keeper.id,
        };
      },
    });
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
    await ledger.close();
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
