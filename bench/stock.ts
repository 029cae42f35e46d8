import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../main/demo/seed';
import { applyMasterData, TillStore, verifyStore } from '../main/store';
import { type Actor, contextFor, type TillContext } from '../main/till/context';
import { receiveGoods, writeOffGoods } from '../main/till/inventory';
import { approveCount, openCount, recordCount } from '../main/till/stock-count';
import { applyImport, previewImport } from '../main/till/stock-import';
import { lowStock, stockCard, stockValuation } from '../main/till/stock-reports';
import { withCheckDigit } from '../src/barcode';
import { ManualClock } from '../src/clock';
import { newId } from '../src/ids';
import { formatYuan } from '../src/money';

/**
 * Restocking at size (issue 12): posting a 500-product stocktake (one transaction),
 * importing a 2,000-row catalog with 50 bad rows (every error reported), and a stock
 * card and the stock valuation with 100k stock moves in the ledger. Real SQLite files
 * (WAL, synchronous=FULL) under os.tmpdir(), built through the use cases, deleted after.
 */

const NOW = Date.UTC(2026, 10, 20, 2, 0, 0);

function open(dir: string, name: string): { store: TillStore; ctx: TillContext; actor(role: string): Actor } {
  const path = join(dir, name);
  seedDemo(path, { now: NOW, households: 12, light: true, historyDays: 5 });
  const store = new TillStore(path, { clock: new ManualClock(NOW + 86_400_000) });
  const ctx = contextFor(store);
  const actor = (role: string) =>
    store.db.prepare('SELECT id, name, role FROM clerks WHERE role = ?').get(role) as Actor;
  return { store, ctx, actor };
}

function addProducts(store: TillStore, n: number, prefix: string): string[] {
  const products = Array.from({ length: n }, (_, i) => ({
    id: newId(store.clock),
    barcode: withCheckDigit(`${prefix}${String(i).padStart(12 - prefix.length, '0')}`),
    name: `商品${prefix}-${i}`,
    pinyin: `sp${i}`,
    unit: '件',
    pricePoints: 100 + i,
    category: '测试',
    isService: false,
    active: true,
    favourite: false,
  }));
  applyMasterData(store.db, { products });
  return products.map((p) => p.id);
}

const ms = (t0: number) => performance.now() - t0;

async function stocktake500(dir: string): Promise<void> {
  const { store, ctx, actor } = open(dir, 'count.db');
  try {
    const ids = addProducts(store, 500, '69700');
    receiveGoods(ctx, actor('stockkeeper'), {
      kind: 'purchase',
      party: 'bench',
      lines: ids.map((productId, i) => ({ productId, qty: 50 + (i % 7), unitCostFen: 300 + i })),
    });
    const count = openCount(ctx, actor('stockkeeper'), { productIds: ids });
    store.transaction(() => {
      ids.forEach((productId, i) => {
        recordCount(ctx, actor('stockkeeper'), {
          countId: count.id,
          productId,
          qty: 48 + (i % 9),
          mode: 'set',
        });
      });
    });
    const before = store.lastSeq();
    const t0 = performance.now();
    approveCount(ctx, actor('manager'), { countId: count.id });
    const took = ms(t0);
    console.log(
      `stock: 500-product stocktake posted in one transaction: ${took.toFixed(0)} ms (${store.lastSeq() - before} variance entries)`,
    );
  } finally {
    store.close();
  }
}

async function import2000(dir: string): Promise<void> {
  const { store, ctx, actor } = open(dir, 'import.db');
  try {
    const header = '条码,名称,单位,每箱数量,类别,积分价,成本（元）,服务项目,在售,低库存提醒';
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const code = withCheckDigit(`69800${String(i).padStart(7, '0')}`);
      if (i % 40 === 7) return `${code},坏行${i},件,1,测试,不是数字,1.00,否,是,0`;
      return `${code},导入商品${i},件,${1 + (i % 12)},测试,${1 + (i % 50)},${formatYuan(100 + (i % 900))},否,是,${i % 10}`;
    });
    const data = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([header, ...rows].join('\r\n')),
    ]).toString('base64');
    let t0 = performance.now();
    const preview = await previewImport(ctx, actor('stockkeeper'), 'big.csv', data);
    const previewMs = ms(t0);
    t0 = performance.now();
    const applied = await applyImport(ctx, actor('stockkeeper'), {
      fileName: 'big.csv',
      dataBase64: data,
      skipBad: true,
    });
    const applyMs = ms(t0);
    t0 = performance.now();
    const again = await applyImport(ctx, actor('stockkeeper'), {
      fileName: 'big.csv',
      dataBase64: data,
      skipBad: true,
    });
    const againMs = ms(t0);
    console.log(
      `stock: 2,000-row CSV import with 50 bad rows: check ${previewMs.toFixed(0)} ms (${preview.problems.length} problems reported), ` +
        `apply ${applyMs.toFixed(0)} ms (${applied.written} written), re-import ${againMs.toFixed(0)} ms (${again.written} written)`,
    );
  } finally {
    store.close();
  }
}

async function moves100k(dir: string): Promise<void> {
  const { store, ctx, actor } = open(dir, 'moves.db');
  try {
    const ids = addProducts(store, 500, '69900');
    const keeper = actor('stockkeeper');
    const hot = ids[0]!;
    const t0 = performance.now();
    receiveGoods(ctx, keeper, {
      kind: 'purchase',
      party: 'opening',
      lines: ids.map((productId) => ({ productId, qty: 1000, unitCostFen: 250 })),
    });
    let moves = ids.length;
    while (moves < 100_000) {
      store.transaction(() => {
        for (let i = 0; i < 10_000; i++, moves++) {
          const productId = moves % 5 === 0 ? hot : ids[1 + (moves % 499)]!;
          if (moves % 3 === 2) {
            writeOffGoods(ctx, keeper, { reason: 'damaged', lines: [{ productId, qty: 1 }] });
          } else {
            receiveGoods(ctx, keeper, {
              kind: 'purchase',
              party: 'bench',
              lines: [{ productId, qty: 3, unitCostFen: 200 + (moves % 97) }],
            });
          }
        }
      });
    }
    const buildS = ms(t0) / 1000;
    const time = (f: () => unknown, n = 20) => {
      f();
      const t = performance.now();
      for (let i = 0; i < n; i++) f();
      return ms(t) / n;
    };
    const card200 = time(() => stockCard(ctx, hot, 200));
    const card5000 = time(() => stockCard(ctx, hot, 5000), 5);
    const cardOther = time(() => stockCard(ctx, ids[7]!, 200));
    const value = time(() => stockValuation(ctx), 5);
    const low = time(() => lowStock(ctx), 5);
    let t = performance.now();
    const report = verifyStore(store.db, store.deviceId);
    const verifyS = ms(t) / 1000;
    t = performance.now();
    const total = stockValuation(ctx).totalFen;
    console.log(
      `stock: ${moves.toLocaleString('en')} stock moves built through the use cases in ${buildS.toFixed(1)} s ` +
        `(${stockCard(ctx, hot).totalMoves.toLocaleString('en')} on one product)`,
    );
    console.log(
      `stock: stock card, last 200 of 20k moves ${card200.toFixed(2)} ms; last 5,000 ${card5000.toFixed(1)} ms; ` +
        `a product with ~160 moves ${cardOther.toFixed(2)} ms`,
    );
    console.log(
      `stock: valuation of ${ids.length + 60} products ${value.toFixed(1)} ms (total ${(total / 100).toFixed(2)} yuan); ` +
        `low-stock list ${low.toFixed(1)} ms; verify with stock card ${verifyS.toFixed(1)} s (ok: ${report.ok})`,
    );
  } finally {
    store.close();
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-stock-'));
  try {
    await stocktake500(dir);
    await import2000(dir);
    await moves100k(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
