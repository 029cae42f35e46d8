/**
 * What a till gets (issue 14): push from a real till database through SyncClient and
 * pull through SyncClient into another real till database (signature, schema and every
 * hash checked, balances and stock materialised), against a township server process on
 * SQLite and on PostgreSQL. Beside each figure, the storage floors measured in the same
 * run, in transactions of the same size (MAX_PUSH_BATCH per push request, which the
 * till's batches grow to, and 2000 per pull page), and our figure as a share of each
 * (decision 0492):
 * - every row it stores: the very rows the push left on the server (entries, ledger and
 *   stock lines) or the pull left in the till (its entries and every row that stands for
 *   them), inserted bare with the same writers and connection settings;
 * - the entries alone: the entries table's rows only, as the bench measured before.
 * Each floor is run BENCH_FLOOR_RUNS times (default 3) into fresh files and the share is
 * taken of the median: one floor run's commits moved 2x with the OS writeback after the
 * push and pull had written some 300 MB (decision 0494), while our figure held within 3%.
 * BENCH_SYNC_CLIENT_ENTRIES (default 100000) and JIFEN_BENCH_DIALECTS narrow it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openStore, type TillStore } from '../main/store';
import { openDatabase } from '../main/store/database';
import { MultiRowInsert } from '../main/store/multi-row';
import { SyncClient } from '../main/sync';
import { insertRows } from '../server/db/bulk';
import { openServerDb } from '../server/db/connect';
import type { EntryTable, LedgerLineTable, StockLineTable } from '../server/db/schema';
import { ENTRY_ROWS, LEDGER_ROWS, STOCK_ROWS } from '../server/sync/ingest';
import { MAX_PULL_PAGE, MAX_PUSH_BATCH } from '../src/sync/messages';
import { type Postgres, startPostgres } from '../tests/support/postgres';
import { OfficerApi, startServer } from '../tests/support/server-process';
import { bodies, seedTownship, type Township } from '../tests/support/township';

type Dialect = 'sqlite' | 'postgres';
const dialects = (process.env.JIFEN_BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
const N = Number(process.env.BENCH_SYNC_CLIENT_ENTRIES ?? 100_000);
const FLOOR_RUNS = Number(process.env.BENCH_FLOOR_RUNS ?? 3);
/** 15 October 2026, 12:00 in Shanghai: the month the entries are dated in. */
const NOW = Date.UTC(2026, 9, 15, 4);

const perS = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** A floor's runs in the order they ran, and the median the share is taken of. */
type Floor = { median: number; runs: number[] };
async function floorOf(runs: number, once: (run: number) => number | Promise<number>): Promise<Floor> {
  const ms: number[] = [];
  for (let r = 1; r <= runs; r++) ms.push(await once(r));
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, runs: ms };
}

/**
 * CPU time of a process in ms (user + system, from /proc; 100 ticks a second). On a shared
 * machine the wall figures move 2-3x with the neighbours' load; CPU per entry barely does.
 */
function cpuMsOf(pid: number, file = `/proc/${pid}/stat`): number {
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The till's main thread alone: the pull checks entries on a worker thread beside it (decision 0496). */
const mainThreadCpuMs = () => cpuMsOf(process.pid, `/proc/self/task/${process.pid}/stat`);

/** This run's figures per dialect, for bench/peer-pouchdb.ts to set the peer's beside. */
export const figures: { dialect: Dialect; entries: number; pushPerS: number; pullPerS: number }[] = [];
const fmt = (n: number) => n.toLocaleString('en');

/** Awards, one-line sales and stock receipts in the proportions of bench/sync.ts. */
export function fill(store: TillStore, t: Township, shopId: string, clerkId: string, n: number): void {
  let written = 0;
  while (written < n) {
    store.transaction(() => {
      const end = Math.min(n, written + 20_000);
      for (; written < end; written++) {
        const h = t.households[written % t.households.length]!;
        const r = Math.floor(written / t.households.length) % 20;
        const b =
          r < 12
            ? bodies.award(h.id, 1000, t.ruleIds[r % 2]!)
            : r < 19
              ? bodies.sale(shopId, h, t.productIds[r % 3]!, 1, 1500, 900)
              : bodies.receive(shopId, t.productIds[r % 3]!, 20, 900);
        store.append({ ...store.header(clerkId), ...b } as Parameters<TillStore['append']>[0]);
      }
    });
  }
  // The ledger rows the fill's appends left due are written now, not by the projector's
  // timer during the timed push, where they took about a second of the till's CPU.
  void store.db;
}

export async function enrolled(
  api: OfficerApi,
  url: string,
  file: string,
  shopId: string,
  server: { clock: import('../src/clock').Clock },
) {
  const store = openStore(file, { clock: server.clock });
  // The till's own batch sizes: from 500, growing after fast answers (decision 0452).
  const sync = new SyncClient({ store, clock: server.clock });
  const { code } = await api.call<{ code: string }>('POST', `/api/shops/${shopId}/enrollment-codes`);
  await sync.enroll(url, code, 'bench');
  const s = await sync.syncNow();
  if (s.state !== 'idle') throw new Error(`first sync: ${JSON.stringify(s)}`);
  return { store, sync };
}

/** Each table's last rowid: the rows a pull adds are those after it. */
function lastRowids(db: Database.Database): Map<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return new Map(
    tables.map((t) => [t, db.prepare(`SELECT coalesce(max(rowid), 0) FROM "${t}"`).pluck().get() as number]),
  );
}

/** The rows a pull added to each till table, in the order it wrote them. */
function rowsAfter(
  db: Database.Database,
  before: Map<string, number>,
): Map<string, Record<string, unknown>[]> {
  const added = new Map<string, Record<string, unknown>[]>();
  for (const [t, last] of before) {
    const rows = db.prepare(`SELECT * FROM "${t}" WHERE rowid > ? ORDER BY rowid`).all(last) as Record<
      string,
      unknown
    >[];
    if (rows.length > 0) added.set(t, rows);
  }
  return added;
}

/**
 * Bare inserts into a copy of the till as it was before the pull, in `txs` transactions:
 * transaction i takes the i-th share of every table's rows, as the pull's page i wrote
 * its entries and the rows that stand for them.
 */
function tillFloor(
  dir: string,
  beforePull: string,
  name: string,
  tables: Map<string, Record<string, unknown>[]>,
  txs: number,
): number {
  const file = join(dir, `${name}.db`);
  copyFileSync(beforePull, file);
  // The till's own connection settings, and its multi-row inserts of 50 rows (decision 0497).
  const db = openDatabase(file);
  const inserts = [...tables].map(([t, rows]) => {
    const cols = Object.keys(rows[0]!);
    return {
      rows,
      cols,
      into: new MultiRowInsert(
        db,
        `INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(',')})`,
        cols.length,
      ),
    };
  });
  const tx = db.transaction((i: number) => {
    for (const { rows, cols, into } of inserts) {
      const from = Math.floor((rows.length * i) / txs);
      const to = Math.floor((rows.length * (i + 1)) / txs);
      for (let r = from; r < to; r++) {
        const row = rows[r]!;
        for (const c of cols) into.value(row[c]);
      }
      into.flush();
    }
  });
  const t0 = performance.now();
  for (let i = 0; i < txs; i++) tx(i);
  const ms = performance.now() - t0;
  db.close();
  // Gone before the next run, so its dirty pages are not the next run's writeback.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  return ms;
}

/**
 * Bare inserts of the rows a push stored on the server, into a fresh server database of the
 * same dialect, MAX_PUSH_BATCH entries a transaction: the entries alone, or with their
 * ledger and stock lines (the i-th share of each in transaction i).
 */
async function serverFloor(
  dir: string,
  name: string,
  tables: PushedRows,
  pg: Postgres | null,
): Promise<number> {
  const store = await openServerDb({
    databaseUrl: pg ? await pg.newDatabase() : undefined,
    sqliteFile: join(dir, `${name}.db`),
  });
  try {
    const txs = Math.ceil(tables.entries.length / MAX_PUSH_BATCH);
    const t0 = performance.now();
    for (let i = 0; i < txs; i++) {
      await store.db.transaction().execute(async (trx) => {
        // The push's own row writers: prepared single-row inserts on SQLite, one JSON
        // parameter a statement on PostgreSQL (decisions 0490, 0491).
        const share = <T>(rows: readonly T[]) =>
          rows.slice(Math.floor((rows.length * i) / txs), Math.floor((rows.length * (i + 1)) / txs));
        await insertRows(trx, ENTRY_ROWS, share(tables.entries));
        if (tables.ledgerLines) await insertRows(trx, LEDGER_ROWS, share(tables.ledgerLines));
        if (tables.stockLines) await insertRows(trx, STOCK_ROWS, share(tables.stockLines));
      });
    }
    return performance.now() - t0;
  } finally {
    await store.close();
    for (const f of ['', '-wal', '-shm']) rmSync(join(dir, `${name}.db${f}`), { force: true });
  }
}

type PushedRows = { entries: EntryTable[]; ledgerLines?: LedgerLineTable[]; stockLines?: StockLineTable[] };

async function one(dialect: Dialect, pg: Postgres | null): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-sync-client-'));
  const databaseUrl = pg ? await pg.newDatabase() : undefined;
  const server = await startServer({ dir, nowMs: NOW, databaseUrl });
  const tills: TillStore[] = [];
  try {
    const api = new OfficerApi(server.url);
    await api.login();
    const t = await seedTownship(api, { villages: 5, shopsPerVillage: 2, households: 2000 });
    const a = await enrolled(api, server.url, join(dir, 'till-a.db'), t.shopIds[0]!, server);
    const b = await enrolled(api, server.url, join(dir, 'till-b.db'), t.shopIds[1]!, server);
    tills.push(a.store, b.store);
    fill(a.store, t, t.shopIds[0]!, t.clerkId, N);

    let server0 = cpuMsOf(server.pid());
    let own0 = ownCpuMs();
    let pg0 = pg?.cpuMs() ?? 0;
    let t0 = performance.now();
    const pushed = await a.sync.syncNow();
    const pushMs = performance.now() - t0;
    const pushCpu = {
      till: ownCpuMs() - own0,
      server: cpuMsOf(server.pid()) - server0,
      postgres: pg ? pg.cpuMs() - pg0 : undefined,
    };
    if (pushed.state !== 'idle' || pushed.pendingEntries !== 0)
      throw new Error(`push: ${JSON.stringify(pushed)}`);
    // The pulling till as it was, for its floor: taken before the pull's CPU is counted.
    const tillBefore = lastRowids(b.store.db);
    const beforePull = join(dir, 'till-before-pull.db');
    b.store.db.exec(`VACUUM INTO '${beforePull}'`);
    server0 = cpuMsOf(server.pid());
    own0 = ownCpuMs();
    pg0 = pg?.cpuMs() ?? 0;
    const main0 = mainThreadCpuMs();
    t0 = performance.now();
    const pulled = await b.sync.syncNow();
    const pullMs = performance.now() - t0;
    const pullCpu = {
      till: ownCpuMs() - own0,
      main: mainThreadCpuMs() - main0,
      server: cpuMsOf(server.pid()) - server0,
      postgres: pg ? pg.cpuMs() - pg0 : undefined,
    };
    const got = b.store.db.prepare('SELECT count(*) FROM foreign_entries').pluck().get() as number;
    if (pulled.state !== 'idle' || got < N)
      throw new Error(`pull: ${got} of ${N}, ${JSON.stringify(pulled)}`);

    // The floors: the very rows each side stored, inserted bare in same-size transactions:
    // the entries alone, and the entries with every row that stands for them.
    const pulledRows = rowsAfter(b.store.db, tillBefore);
    const pages = Math.ceil(got / MAX_PULL_PAGE);
    const pulledEntries = new Map([['foreign_entries', pulledRows.get('foreign_entries')!]]);
    const pullFloor = await floorOf(FLOOR_RUNS, (r) =>
      tillFloor(dir, beforePull, `till-floor-${r}`, pulledEntries, pages),
    );
    const pullAllFloor = await floorOf(FLOOR_RUNS, (r) =>
      tillFloor(dir, beforePull, `till-floor-all-${r}`, pulledRows, pages),
    );
    const serverDb = await openServerDb({ databaseUrl, sqliteFile: join(dir, 'server.db') });
    const device = a.store.deviceId;
    const pushedRows = {
      entries: (await serverDb.db
        .selectFrom('entries')
        .selectAll()
        .where('deviceId', '=', device)
        .orderBy('seq')
        .execute()) as EntryTable[],
      ledgerLines: (await serverDb.db
        .selectFrom('ledgerLines as l')
        .innerJoin('entries as e', 'e.id', 'l.entryId')
        .selectAll('l')
        .where('e.deviceId', '=', device)
        .orderBy('e.seq')
        .orderBy('l.lineNo')
        .execute()) as LedgerLineTable[],
      stockLines: (await serverDb.db
        .selectFrom('stockLines as l')
        .innerJoin('entries as e', 'e.id', 'l.entryId')
        .selectAll('l')
        .where('e.deviceId', '=', device)
        .orderBy('e.seq')
        .orderBy('l.lineNo')
        .execute()) as StockLineTable[],
    };
    await serverDb.close();
    const pushFloor = await floorOf(FLOOR_RUNS, (r) =>
      serverFloor(dir, `server-floor-${r}`, { entries: pushedRows.entries }, pg),
    );
    const pushAllFloor = await floorOf(FLOOR_RUNS, (r) =>
      serverFloor(dir, `server-floor-all-${r}`, pushedRows, pg),
    );

    const share = (ms: number, floorMs: number) => `${Math.round((floorMs / ms) * 100)}%`;
    const floorText = (n: number, ms: number, f: Floor) =>
      `${fmt(perS(n, f.median))} entries/s (ours ${share(ms, f.median)}${f.runs.length > 1 ? `; median of ${f.runs.map((r) => fmt(perS(n, r))).join(', ')}, in the order run` : ''})`;
    const line = (what: string, n: number, ms: number, floor: Floor, allFloor: Floor) =>
      console.log(
        `[${dialect}] ${what} ${fmt(n)} entries: ${fmt(perS(n, ms))} entries/s; storage floor, every row it stores ${floorText(n, ms, allFloor)}, the entries alone ${floorText(n, ms, floor)}`,
      );
    figures.push({ dialect, entries: N, pushPerS: perS(N, pushMs), pullPerS: perS(got, pullMs) });
    const us = (ms: number, n: number) => ((ms / n) * 1000).toFixed(1);
    const cpu = (
      what: string,
      n: number,
      c: { till: number; main?: number; server: number; postgres?: number | undefined },
    ) =>
      console.log(
        `[${dialect}] ${what} CPU per entry: till ${us(c.till, n)} µs${c.main === undefined ? '' : ` (main thread ${us(c.main, n)} µs)`}, server ${us(c.server, n)} µs${c.postgres === undefined ? '' : ` (Node), PostgreSQL ${us(c.postgres, n)} µs`}`,
      );
    line('push through SyncClient from a till DB', N, pushMs, pushFloor, pushAllFloor);
    cpu('push', N, pushCpu);
    line('pull through SyncClient into a till DB', got, pullMs, pullFloor, pullAllFloor);
    cpu('pull', got, pullCpu);
    console.log(
      `[${dialect}] load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (shared 2-core machine)`,
    );
  } finally {
    for (const s of tills) s.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  for (const dialect of dialects) {
    const pg = dialect === 'postgres' ? await startPostgres() : null;
    try {
      await one(dialect, pg);
    } finally {
      await pg?.stop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
