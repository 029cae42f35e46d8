/**
 * Sync and month-end figures:
 *  - push and pull throughput (entries/s) of 100k entries through a real server process,
 *    signed requests of 1000 entries (push) and pages of 2000 (pull);
 *  - server peak memory (VmHWM of the server process);
 *  - month-end report time at 100k (HTTP) and at 1M entries (ledger built in-process
 *    through the same ingest code, then the report computed), on SQLite and PostgreSQL.
 * JIFEN_BENCH_CLOSE_SIZES (default "100000,1000000") and JIFEN_BENCH_DIALECTS
 * (default "sqlite,postgres") narrow it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPin } from '../main/store';
import { loadServerKey } from '../server/crypto/server-key';
import { upsertMasterData } from '../server/master/master-data';
import { closePeriod } from '../server/periods/close';
import { computeReport } from '../server/periods/report';
import { newId } from '../src/ids';
import type { PullResponse } from '../src/sync/messages';
import { type Postgres, startPostgres } from '../tests/support/postgres';
import { OfficerApi, startServer } from '../tests/support/server-process';
import { bodies, RawDevice, seedTownship, type Township } from '../tests/support/township';
import { benchLedger, ingestChain } from './in-process-ledger';

type Dialect = 'sqlite' | 'postgres';

const dialects = (process.env.JIFEN_BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
const closeSizes = (process.env.JIFEN_BENCH_CLOSE_SIZES ?? '100000,1000000').split(',').map(Number);

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} entries/s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

function vm(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * A realistic mix, dated in October 2026: each household in turn gets 12 awards, then 7
 * one-line sales, then a stock receipt at its shop, so balances stay positive (a ledger
 * full of overdrafts would make the overdraft list, not the close, what is measured).
 */
function mixed(t: Township, shopId: string, i: number) {
  const h = t.households[i % t.households.length]!;
  const r = Math.floor(i / t.households.length) % 20;
  if (r < 12) return bodies.award(h.id, 1000, t.ruleIds[r % 2]!);
  if (r < 19) return bodies.sale(shopId, h, t.productIds[r % 3]!, 1, 1500, 900);
  return bodies.receive(shopId, t.productIds[r % 3]!, 20, 900);
}

async function overHttp(dialect: Dialect, pg: Postgres | null): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-sync-'));
  const server = await startServer({ dir, databaseUrl: pg ? await pg.newDatabase() : undefined });
  try {
    const api = new OfficerApi(server.url);
    await api.login();
    const t = await seedTownship(api, { villages: 5, shopsPerVillage: 2, households: 2000 });
    const a = new RawDevice(server.url, t.shopIds[0]!);
    await a.enroll(api);
    const n = 100_000;
    a.append(n, (i) => mixed(t, t.shopIds[0]!, i), '2026-10-15');
    const rssBefore = vm(server.pid(), 'VmRSS');
    let started = performance.now();
    for (let i = 0; i < n; i += 1000) {
      const r = await a.post('/sync/push', { entries: a.chain.slice(i, i + 1000) });
      if (r.status !== 200) throw new Error(`push refused: ${r.text}`);
    }
    const pushMs = performance.now() - started;
    const b = new RawDevice(server.url, t.shopIds[1]!);
    await b.enroll(api);
    started = performance.now();
    let cursor = 0;
    let pulled = 0;
    for (;;) {
      const r = await b.post('/sync/pull', { cursor, masterVersion: 1_000_000 });
      const page = r.json as unknown as PullResponse;
      pulled += page.entries.length;
      cursor = page.cursor;
      if (!page.more) break;
    }
    const pullMs = performance.now() - started;
    started = performance.now();
    await api.call('GET', `/api/townships/${t.townshipId}/periods/2026-10/report.json`);
    const reportMs = performance.now() - started;
    console.log(
      `[${dialect}] push ${n.toLocaleString('en')} entries (batches of 1000): ${(pushMs / 1000).toFixed(1)} s, ${rate(n, pushMs)}`,
    );
    console.log(
      `[${dialect}] pull ${pulled.toLocaleString('en')} entries (pages of 2000): ${(pullMs / 1000).toFixed(1)} s, ${rate(pulled, pullMs)}`,
    );
    console.log(`[${dialect}] month-end report at 100k entries over HTTP: ${reportMs.toFixed(0)} ms`);
    console.log(
      `[${dialect}] server memory: RSS ${mb(rssBefore)} idle, ${mb(vm(server.pid(), 'VmRSS'))} after, peak ${mb(vm(server.pid(), 'VmHWM'))}`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds a ledger of `size` entries through ingest (no HTTP), then times the report. */
async function closeAt(dialect: Dialect, pg: Postgres | null, size: number): Promise<void> {
  const ledger = await benchLedger(pg, 'close');
  const { store, clock, townshipId } = ledger;
  try {
    const villages = Array.from({ length: 10 }, (_, i) => ({ id: newId(clock), townshipId, name: `村${i}` }));
    const shops = villages.map((v) => ({
      id: newId(clock),
      villageId: v.id,
      name: `${v.name}店`,
      receiptHeader: '',
      receiptFooter: '',
      redemptionWindow: null,
    }));
    const households = Array.from({ length: 5000 }, (_, i) => ({
      id: newId(clock),
      villageId: villages[i % 10]!.id,
      number: `H${i}`,
      address: '',
      status: 'active' as const,
    }));
    const rules = [
      {
        id: newId(clock),
        category: '环境卫生',
        name: '整洁',
        points: 500,
        personType: 'all',
        needsApproval: false,
        active: true,
      },
    ];
    const products = [0, 1, 2].map((i) => ({
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
    // One manager per shop, working at that shop only: the server refuses entries no known
    // clerk of the device's shop wrote, and a manager may write every kind of the mix.
    const clerks = shops.map((s) => ({
      id: newId(clock),
      name: `${s.name}店长`,
      role: 'manager' as const,
      shopId: s.id,
      pinHash: hashPin('1234'),
      active: true,
    }));
    const clerkOf = new Map(clerks.map((c) => [c.shopId, c.id]));
    await upsertMasterData(store.db, townshipId, { villages, shops, households, rules, products, clerks });
    const t: Township = {
      townshipId,
      villageIds: villages.map((v) => v.id),
      shopIds: shops.map((s) => s.id),
      households: households.map((h, i) => ({
        id: h.id,
        villageId: h.villageId,
        cardUid: `04${String(i).padStart(8, '0')}`,
      })),
      productIds: products.map((p) => p.id),
      ruleIds: [rules[0]!.id, rules[0]!.id],
      clerkId: clerks[0]!.id,
      clerkPin: '1234',
    };
    const perDevice = Math.ceil(size / shops.length);
    const started = performance.now();
    for (const shop of shops) {
      await ingestChain(store.db, clock, {
        townshipId,
        shopId: shop.id,
        count: perDevice,
        entry: (s) => ({
          ...mixed(t, shop.id, s),
          businessDate: `2026-10-${String((s % 28) + 1).padStart(2, '0')}`,
          clerkId: clerkOf.get(shop.id)!,
        }),
      });
    }
    const buildMs = performance.now() - started;
    const t0 = performance.now();
    const preview = await computeReport(store.db, townshipId, '2026-10', clock.now());
    const previewMs = performance.now() - t0;
    const t1 = performance.now();
    const { report } = await closePeriod(
      store.db,
      clock,
      await loadServerKey(store.db),
      townshipId,
      '2026-10',
      'bench',
      false,
    );
    const closeMs = performance.now() - t1;
    if (report.totals.net !== preview.totals.net) throw new Error('close and preview disagree');
    console.log(
      `[${dialect}] month-end at ${report.totals.entries.toLocaleString('en')} entries: report ${previewMs.toFixed(0)} ms, close (report + sign + lock) ${closeMs.toFixed(0)} ms; ledger built in-process in ${(buildMs / 1000).toFixed(0)} s (${rate(report.totals.entries, buildMs)})`,
    );
  } finally {
    await ledger.close();
  }
}

export async function run(): Promise<void> {
  for (const dialect of dialects) {
    const pg = dialect === 'postgres' ? await startPostgres() : null;
    try {
      await overHttp(dialect, pg);
      for (const size of closeSizes) await closeAt(dialect, pg, size);
    } finally {
      await pg?.stop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
