/**
 * What a till gets (issue 14): push from a real till database through SyncClient and
 * pull through SyncClient into another real till database (signature, schema and every
 * hash checked, balances and stock materialised), against a township server process on
 * SQLite and on PostgreSQL. Beside each figure, the storage floor measured in the same
 * run: a bare insert of the same rows into the same table, in transactions of the same
 * size (MAX_PUSH_BATCH per push request, which the till's batches grow to, and 2000 per
 * pull page), and our figure as a share of it.
 * BENCH_SYNC_CLIENT_ENTRIES (default 100000) and JIFEN_BENCH_DIALECTS narrow it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type TillStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { openServerDb } from '../server/db/connect';
import type { EntryTable } from '../server/db/schema';
import { MAX_PULL_PAGE, MAX_PUSH_BATCH } from '../src/sync/messages';
import { type Postgres, startPostgres } from '../tests/support/postgres';
import { OfficerApi, startServer } from '../tests/support/server-process';
import { bodies, seedTownship, type Township } from '../tests/support/township';

type Dialect = 'sqlite' | 'postgres';
const dialects = (process.env.JIFEN_BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
const N = Number(process.env.BENCH_SYNC_CLIENT_ENTRIES ?? 100_000);
/** 15 October 2026, 12:00 in Shanghai: the month the entries are dated in. */
const NOW = Date.UTC(2026, 9, 15, 4);

const perS = (n: number, ms: number) => Math.round((n / ms) * 1000);

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

/** Bare inserts of `rows` into a copy of the till's foreign_entries, `per` rows a transaction. */
function tillFloor(dir: string, rows: Record<string, unknown>[], per: number): number {
  const file = join(dir, 'till-floor.db');
  openStore(file).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const cols = Object.keys(rows[0]!);
  const ins = db.prepare(
    `INSERT INTO foreign_entries (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`,
  );
  const tx = db.transaction((chunk: Record<string, unknown>[]) => {
    for (const r of chunk) ins.run(r);
  });
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += per) tx(rows.slice(i, i + per));
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

/** Bare inserts of the server's own entries rows into a fresh server database of the same dialect. */
async function serverFloor(dir: string, rows: EntryTable[], pg: Postgres | null): Promise<number> {
  const store = await openServerDb({
    databaseUrl: pg ? await pg.newDatabase() : undefined,
    sqliteFile: join(dir, 'server-floor.db'),
  });
  try {
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += MAX_PUSH_BATCH) {
      const chunk = rows.slice(i, i + MAX_PUSH_BATCH);
      await store.db.transaction().execute(async (trx) => {
        // 1000 rows a statement: 15 columns each stay under both dialects' parameter limits.
        for (let j = 0; j < chunk.length; j += 1000)
          await trx
            .insertInto('entries')
            .values(chunk.slice(j, j + 1000))
            .execute();
      });
    }
    return performance.now() - t0;
  } finally {
    await store.close();
  }
}

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

    // The floors: the very rows each side stored, inserted bare in same-size transactions.
    const foreign = b.store.db.prepare('SELECT * FROM foreign_entries ORDER BY rowid').all() as Record<
      string,
      unknown
    >[];
    const pullFloorMs = tillFloor(dir, foreign, MAX_PULL_PAGE);
    const serverDb = await openServerDb({ databaseUrl, sqliteFile: join(dir, 'server.db') });
    const rows = await serverDb.db
      .selectFrom('entries')
      .selectAll()
      .where('deviceId', '=', a.store.deviceId)
      .orderBy('seq')
      .execute();
    await serverDb.close();
    const pushFloorMs = await serverFloor(dir, rows as EntryTable[], pg);

    const line = (what: string, n: number, ms: number, floorMs: number) =>
      console.log(
        `[${dialect}] ${what} ${fmt(n)} entries: ${fmt(perS(n, ms))} entries/s; storage floor ${fmt(perS(n, floorMs))} entries/s; ours ${Math.round((floorMs / ms) * 100)}% of the floor`,
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
    line('push through SyncClient from a till DB', N, pushMs, pushFloorMs);
    cpu('push', N, pushCpu);
    line('pull through SyncClient into a till DB', got, pullMs, pullFloorMs);
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
