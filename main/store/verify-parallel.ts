import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GENESIS_HASH } from '../../src/journal';
import { LEDGER_TABLES } from '../../src/ledger';
import { type Db, openDatabase } from './database';
import {
  CHUNK,
  checkBalances,
  checkDevice,
  checkStock,
  type Discrepancy,
  MAX_REPORTED,
  PointsSums,
  RAW_COLUMNS,
  type RangeEnds,
  type RawEntryRow,
  type Report,
  type TableCounts,
  type VerifyReport,
  verifyStore,
} from './verify';

/** What one worker checks: the till's own entries with after < seq <= to. */
export interface RangeTask {
  path: string;
  deviceId: string;
  after: number;
  to: number;
  /** The journal's last entry in the main thread's snapshot. */
  pin: { seq: number; hash: string };
}

export interface RangeResult extends RangeEnds {
  count: number;
  expected: TableCounts;
  sumsExact: boolean;
  sums: [string, number][];
  discrepancies: Discrepancy[];
}

export interface ParallelVerifyOptions {
  /** Worker threads for the own journal (default: the machine's cores). */
  workers?: number;
  /** Below this many own entries, verify on one thread: starting workers costs more than it saves. */
  minEntries?: number;
}

/**
 * verifyStore of a till file on every core: the own journal is split into seq ranges,
 * each checked by a worker (verify-worker.ts) on its own read-only connection, while
 * this thread, in its own read transaction, checks the foreign entries and replays the
 * stock moves in order (the moving average depends on the order, so it is not split).
 * Then it checks the links between ranges (seq contiguity and prevHash), merges the
 * ledger row counts and points sums, and checks the balances. The report is the one
 * verifyStore writes, in the same order. Opens its own connections, so a till keeps
 * selling on its own meanwhile.
 */
export async function verifyFileParallel(
  path: string,
  deviceId: string,
  options: ParallelVerifyOptions = {},
): Promise<VerifyReport> {
  const db = openDatabase(path, { readonly: true });
  try {
    db.exec('BEGIN');
    try {
      return await verifyInSnapshot(db, path, deviceId, options);
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}

async function verifyInSnapshot(
  db: Db,
  path: string,
  deviceId: string,
  options: ParallelVerifyOptions,
): Promise<VerifyReport> {
  const head = db.prepare('SELECT count(*) AS n, max(seq) AS seq FROM journal').get() as {
    n: number;
    seq: number | null;
  };
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), 16));
  if (
    head.seq === null ||
    head.n < (options.minEntries ?? 50_000) ||
    (workers < 2 && options.workers === undefined)
  ) {
    return verifyStore(db, deviceId);
  }
  const pin = {
    seq: head.seq,
    hash: db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(head.seq) as string,
  };
  const tasks: RangeTask[] = [];
  for (let k = 0; k < workers; k++) {
    const after = Math.floor((head.seq * k) / workers);
    const to = k === workers - 1 ? head.seq : Math.floor((head.seq * (k + 1)) / workers);
    if (to > after) tasks.push({ path, deviceId, after, to, pin });
  }
  const running = tasks.map(startRange);
  // Meanwhile, in this snapshot: foreign entries, stored row counts, the stock replay.
  const foreignFound: Discrepancy[] = [];
  const foreignSums = new PointsSums();
  const expected = Object.fromEntries(LEDGER_TABLES.map((t) => [t, 0])) as TableCounts;
  const foreignEntries = checkForeign(db, expected, collect(foreignFound), foreignSums);
  const stored = Object.fromEntries(
    LEDGER_TABLES.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
  ) as TableCounts;
  const stockFound: Discrepancy[] = [];
  const stockLevels = checkStock(db, collect(stockFound));
  const results = await Promise.all(running);

  const localFound: Discrepancy[] = [];
  const sums = new PointsSums();
  let entries = 0;
  let prev = { seq: 0, hash: GENESIS_HASH };
  for (const r of results) {
    if (r.first) {
      if (r.first.seq !== prev.seq + 1)
        localFound.push({ kind: 'chain', detail: `seq gap (expected ${prev.seq + 1})`, seq: r.first.seq });
      if (r.first.prevHash !== prev.hash)
        localFound.push({ kind: 'chain', detail: 'previous hash does not match', seq: r.first.seq });
    }
    for (const d of r.discrepancies) localFound.push(d);
    if (r.last) prev = r.last;
    entries += r.count;
    for (const t of LEDGER_TABLES) expected[t] += r.expected[t];
    if (!r.sumsExact) sums.exact = false;
    for (const [household, amount] of r.sums)
      sums.byHousehold.set(household, (sums.byHousehold.get(household) ?? 0) + amount);
  }
  if (!foreignSums.exact) sums.exact = false;
  for (const [household, amount] of foreignSums.byHousehold)
    sums.byHousehold.set(household, (sums.byHousehold.get(household) ?? 0) + amount);

  const countFound: Discrepancy[] = [];
  for (const table of LEDGER_TABLES) {
    if (stored[table] !== expected[table]) {
      if (table === 'points_entries') sums.exact = false;
      countFound.push({
        kind: 'ledger-row',
        table,
        detail: `${stored[table]} rows stored, ${expected[table]} in the journal`,
      });
    }
  }
  const balanceFound: Discrepancy[] = [];
  const households = checkBalances(db, sums, collect(balanceFound));
  const discrepancies = [...localFound, ...foreignFound, ...countFound, ...balanceFound, ...stockFound].slice(
    0,
    MAX_REPORTED,
  );
  return { ok: discrepancies.length === 0, entries, foreignEntries, households, stockLevels, discrepancies };
}

function collect(into: Discrepancy[]): Report {
  return (d) => {
    if (into.length < MAX_REPORTED) into.push(d);
  };
}

/** Each foreign device's entries (hashes, bodies, ledger rows), as verifyStore checks them. */
function checkForeign(db: Db, expected: TableCounts, report: Report, sums: PointsSums): number {
  const devices = db
    .prepare('SELECT DISTINCT device_id FROM foreign_entries ORDER BY device_id')
    .pluck()
    .all() as string[];
  const chunk = db
    .prepare(
      `SELECT ${RAW_COLUMNS} FROM foreign_entries WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  let count = 0;
  for (const device of devices) {
    count += checkDevice(
      db,
      device,
      (after) => chunk.all(device, after, CHUNK) as RawEntryRow[],
      false,
      expected,
      report,
      sums,
    ).count;
  }
  return count;
}

/**
 * The worker as this module is loaded: TypeScript (tests, bench, the CLI under tsx),
 * where the worker first registers tsx's loader, or a built .js beside this one.
 */
function startRange(task: RangeTask): Promise<RangeResult> {
  const ts = import.meta.url.endsWith('.ts');
  const file = new URL(`./verify-worker.${ts ? 'ts' : 'js'}`, import.meta.url).href;
  const api = ts
    ? pathToFileURL(
        createRequire(import.meta.url)
          .resolve('tsx/esm/api')
          .replace(/\.cjs$/, '.mjs'),
      ).href
    : '';
  const boot = ts
    ? `import(${JSON.stringify(api)}).then((t) => { t.register(); return import(${JSON.stringify(file)}); });`
    : `import(${JSON.stringify(file)});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: task });
    let result: RangeResult | undefined;
    worker.once('message', (r: RangeResult) => {
      result = r;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`verify worker for seq ${task.after + 1}–${task.to} stopped (exit ${code})`));
    });
  });
}
