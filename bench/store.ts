import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMasterData, openDatabase, TillStore, verifyStore } from '../main/store';
import { commitSale } from '../main/till/checkout';
import { type Actor, contextFor } from '../main/till/context';
import { ManualClock } from '../src/clock';
import { newId } from '../src/ids';
import type { SaleLine } from '../src/journal';
import { durableFloor, printTable, quantiles, type Row } from './store-figures';

/**
 * The till store as the ledger grows (10k, 100k, 1M journal entries; override with
 * BENCH_STORE_SIZES=10000,100000): a durable 3-line redemption through commitSale
 * (synchronous=FULL, one transaction each), a balance lookup, a full verify, the file
 * size and the process's peak RSS. Databases are built through TillStore.append
 * (validation, hash chain, materialisation: the real write path) in large
 * transactions, under os.tmpdir(), and deleted afterwards.
 *
 * Aim (issue 2): commit p99 < 2 ms and balance lookup < 0.05 ms at 1M entries.
 * Aim (issue 14): commit CPU < 0.3 ms, and commit p99 within 2× of the floor's p99, the floor
 * being a durable 1-row commit interleaved with the sales (one before each) on a file beside
 * the till's, so both see the same disk and the same neighbours.
 */

const HOUSEHOLDS = 5000;
const PRODUCTS = 200;
const COMMIT_SAMPLES = Number(process.env.BENCH_STORE_COMMITS ?? 2000);
const LOOKUP_SAMPLES = 200_000;
const BUILD_CHUNK = 50_000;

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_STORE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-store-'));
  const rows: Row[] = [];
  try {
    const floor = durableFloor(join(dir, 'floor.db'), COMMIT_SAMPLES);
    console.log(
      `store: floor on this disk now, a 1-row durable commit (WAL, FULL): p50 ${floor.p50.toFixed(3)} ms  p99 ${floor.p99.toFixed(3)} ms  CPU ${floor.cpu.toFixed(3)} ms`,
    );
    for (const n of sizes) {
      const row = await measure(join(dir, `till-${n}.db`), n);
      rows.push(row);
      console.log(`store: ${n.toLocaleString('en')} entries measured (built in ${row.buildS.toFixed(1)} s)`);
    }
    const after = durableFloor(join(dir, 'floor-after.db'), COMMIT_SAMPLES);
    console.log(
      `store: floor again at the end: p50 ${after.p50.toFixed(3)} ms  p99 ${after.p99.toFixed(3)} ms  CPU ${after.cpu.toFixed(3)} ms (load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs)`,
    );
    printTable(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `store: commit = commitSale of 3 lines, ${COMMIT_SAMPLES} samples, each its own IMMEDIATE transaction;`,
  );
  console.log("  rows = the sale's ledger rows, which the store writes on the next turn, after the answer;");
  console.log('  floor = a durable 1-row commit on a file beside the till, run just before each sale;');
  console.log(
    '  (CPU = user + system time per commit; the rest of the wall time is waiting, mostly on fsync),',
  );
  console.log(
    `  WAL + synchronous=FULL on ${tmpdir()}; lookup = store.balance, ${LOOKUP_SAMPLES} random households;`,
  );
  console.log('  peak RSS is the process high-water mark so far (sizes run smallest first).');
}

async function measure(path: string, entries: number): Promise<Row> {
  const t0 = performance.now();
  const fixture = build(path, entries);
  const buildS = (performance.now() - t0) / 1000;

  // Measure on a fresh connection with the real clock, as the till runs after a restart.
  const store = new TillStore(path);
  // The floor, interleaved: one durable 1-row commit on a file beside the till's before each
  // sale, so both see the same disk and the same neighbours (the aim compares their p99).
  const floorDb = openDatabase(`${path}.floor`);
  try {
    const ctx = contextFor(store);
    floorDb.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const floorInsert = floorDb.prepare('INSERT INTO t (v) VALUES (?)');
    const floorCommit = floorDb.transaction(() => floorInsert.run('x'.repeat(200)));
    const commits: number[] = [];
    const floors: number[] = [];
    let commitCpuUs = 0;
    let rowsCpuUs = 0;
    let floorCpuUs = 0;
    for (let i = 0; i < COMMIT_SAMPLES + 50; i++) {
      const household = i % HOUSEHOLDS;
      const lines = [0, 1, 2].map((k) => ({
        productId: fixture.products[(i * 3 + k) % PRODUCTS]!.id,
        qty: 1,
      }));
      let cpu = process.cpuUsage();
      let started = performance.now();
      floorCommit.immediate();
      const floorMs = performance.now() - started;
      let used = process.cpuUsage(cpu);
      const floorUs = used.user + used.system;
      // The renderer mints the sale's id when the cart opens (counter-store.ts), in its own
      // process: the commit is handed it, so it is made outside the measured window.
      const sale = { saleId: newId(store.clock), cardUid: cardUid(household), lines };
      cpu = process.cpuUsage();
      started = performance.now();
      commitSale(ctx, fixture.clerk, sale, null);
      const commitMs = performance.now() - started;
      used = process.cpuUsage(cpu);
      const commitUs = used.user + used.system;
      // The till's next turn, after the answer: the store writes the sale's ledger rows (decision 0483).
      cpu = process.cpuUsage();
      await new Promise((resolve) => setImmediate(resolve));
      used = process.cpuUsage(cpu);
      // The first 50 warm the statement cache and the page cache.
      if (i >= 50) {
        commits.push(commitMs);
        floors.push(floorMs);
        commitCpuUs += commitUs;
        rowsCpuUs += used.user + used.system;
        floorCpuUs += floorUs;
      }
    }
    const commitCpu = commitCpuUs / 1000 / COMMIT_SAMPLES;
    const rowsCpu = rowsCpuUs / 1000 / COMMIT_SAMPLES;
    const floorCpu = floorCpuUs / 1000 / COMMIT_SAMPLES;

    const lookups: number[] = new Array(LOOKUP_SAMPLES);
    let sink = 0;
    for (let i = 0; i < LOOKUP_SAMPLES; i++) {
      const id = fixture.households[(i * 7919) % HOUSEHOLDS]!;
      const started = process.hrtime.bigint();
      sink += store.balance(id);
      lookups[i] = Number(process.hrtime.bigint() - started) / 1000;
    }
    if (sink === 0) throw new Error('balances are all zero');

    const v0 = performance.now();
    const report = verifyStore(store.db, store.deviceId);
    const verifyS = (performance.now() - v0) / 1000;

    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const c = quantiles(commits);
    const fl = quantiles(floors);
    const l = quantiles(lookups);
    return {
      entries,
      buildS,
      commitP50: c.p50,
      commitP99: c.p99,
      commitMax: c.max,
      commitCpu,
      rowsCpu,
      floorP50: fl.p50,
      floorP99: fl.p99,
      floorCpu,
      lookupP50Us: l.p50,
      lookupP99Us: l.p99,
      verifyS,
      verifyOk: report.ok,
      fileBytes: statSync(path).size,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    store.close();
    floorDb.close();
  }
}

export interface Fixture {
  clerk: Actor;
  households: string[];
  products: { id: string; name: string; price: number; cost: number }[];
}

const cardUid = (household: number) => (0x04000000 + household).toString(16).toUpperCase().padStart(8, '0');

/** Master data, then `entries` journal entries: stock in, a points top-up, then ~70% awards and ~30% 1–3 line sales. */
export function build(path: string, entries: number): Fixture {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const store = new TillStore(path, { clock });
  try {
    const id = () => newId(clock);
    const townshipId = id();
    const villageId = id();
    const shopId = id();
    const clerk: Actor = { id: id(), name: '王秀兰', role: 'clerk' };
    const households = Array.from({ length: HOUSEHOLDS }, id);
    const products = Array.from({ length: PRODUCTS }, (_, i) => ({
      id: id(),
      name: `商品${i + 1}`,
      price: 100 + ((i * 37) % 20) * 100,
      cost: 200 + ((i * 53) % 30) * 100,
    }));
    applyMasterData(store.db, {
      townships: [{ id: townshipId, name: '清河镇', timeZone: 'Asia/Shanghai' }],
      villages: [{ id: villageId, townshipId, name: '东岭村' }],
      shops: [
        {
          id: shopId,
          villageId,
          name: '东岭村积分超市',
          receiptHeader: '',
          receiptFooter: '',
          redemptionWindow: null,
        },
      ],
      clerks: [{ ...clerk, shopId, pinHash: 'bench', active: true }],
      households: households.map((h, i) => ({
        id: h,
        villageId,
        number: `DL-${String(i + 1).padStart(4, '0')}`,
        address: '',
        status: 'active' as const,
      })),
      cards: households.map((h, i) => ({
        uid: cardUid(i),
        memberId: null,
        householdId: h,
        status: 'active' as const,
      })),
      products: products.map((p) => ({
        id: p.id,
        barcode: null,
        name: p.name,
        pinyin: '',
        unit: '件',
        pricePoints: p.price,
        category: '',
        isService: false,
        active: true,
        favourite: false,
      })),
    });
    store.setSetting('shop.id', shopId);

    let rnd = 12345;
    const next = (n: number) => {
      rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
      return rnd % n;
    };
    const balances = new Array<number>(HOUSEHOLDS).fill(0);
    let written = 0;
    const append = (kind: 'award' | 'top-up' | 'sale' | 'stock') => {
      clock.advance(20_000);
      const head = store.header(clerk.id, id());
      if (kind === 'stock') {
        const p = products[written % PRODUCTS]!;
        store.append({
          ...head,
          kind: 'stock.receive',
          body: {
            productId: p.id,
            shopId,
            qty: 1_000_000,
            unitCostFen: p.cost,
            reason: '采购',
            reference: 'bench',
          },
        });
      } else {
        const h = kind === 'top-up' ? written - PRODUCTS : next(HOUSEHOLDS);
        const lines: SaleLine[] = [];
        for (let k = 1 + next(3); k > 0; k--) {
          const p = products[next(PRODUCTS)]!;
          const qty = 1 + next(2);
          lines.push({
            productId: p.id,
            name: p.name,
            qty,
            unitPoints: p.price,
            points: p.price * qty,
            unitCostFen: p.cost,
            isService: false,
          });
        }
        const total = lines.reduce((s, l) => s + l.points, 0);
        if (kind === 'sale' && balances[h]! >= total) {
          store.append({
            ...head,
            kind: 'sale',
            body: {
              shopId,
              householdId: households[h]!,
              cardUid: cardUid(h),
              receiptNo: `BENCH-${written + 1}`,
              lines,
              totalPoints: total,
              balanceBefore: balances[h]!,
              balanceAfter: balances[h]! - total,
              shiftId: null,
            },
          });
          balances[h]! -= total;
        } else {
          const amount = kind === 'top-up' ? 1_000_000 : 500 + next(20) * 100;
          store.append({
            ...head,
            kind: 'points.award',
            body: {
              householdId: households[h]!,
              memberId: null,
              ruleId: null,
              amount,
              reason: '文明家庭',
              proposedBy: null,
              approvedBy: clerk.id,
              reverses: null,
            },
          });
          balances[h]! += amount;
        }
      }
      written++;
    };

    // Stock in, then enough points for every household to redeem, then a mixed history.
    const kindAt = (i: number) =>
      i < PRODUCTS ? 'stock' : i < PRODUCTS + HOUSEHOLDS ? 'top-up' : next(10) < 7 ? 'award' : 'sale';
    while (written < entries) {
      store.transaction(() => {
        const end = Math.min(entries, written + BUILD_CHUNK);
        while (written < end) append(kindAt(written));
      });
    }
    return { clerk, households, products };
  } finally {
    store.close();
  }
}
