import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GENESIS_HASH } from '../../src/journal';
import { LEDGER_TABLES } from '../../src/ledger';
import { type Db, openDatabase } from './database';
import { checkCounts, checkForeign, emptyCounts, storedCounts, verifyStore } from './verify';
import { checkAcknowledgedHead, checkDevice, ownChunks, type RangeEnds } from './verify-chain';
import { checkBalances, checkStock } from './verify-state';
import {
  collect,
  type Discrepancy,
  MAX_REPORTED,
  PointsSums,
  type TableCounts,
  type VerifyReport,
} from './verify-types';

/** What each worker is given: the ranges of the till's own journal and the counter they are taken by. */
export interface RangeTask {
  path: string;
  deviceId: string;
  /** Consecutive seq ranges, after < seq <= to, in order. */
  ranges: { after: number; to: number }[];
  /** Int32 slot 0: the next range to take (Atomics.add), shared by every thread. */
  next: SharedArrayBuffer;
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
  /** Worker threads beside this one (default: one fewer than the machine's cores). */
  workers?: number;
  /** Below this many own entries, verify on one thread: starting workers costs more than it saves. */
  minEntries?: number;
  /** Entries per range (default: a sixteenth of each thread's share, 2,000 to 20,000). */
  rangeSize?: number;
}

/**
 * verifyStore of a till file on every core. The own journal is cut into seq ranges,
 * and this thread and the workers (verify-worker.ts, each on its own read-only
 * connection) take them one at a time from a shared counter, so a thread that gets
 * less of the machine simply takes fewer. This thread, in its own read transaction,
 * first checks the foreign entries, the stored row counts and the stock moves in order
 * (the moving average depends on the order, so it is not split), while the workers
 * start. Then it checks the links between ranges (seq contiguity and prevHash), merges
 * the ledger row counts and points sums, and checks the balances. The report is the one
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
  const workers = Math.max(0, Math.min(options.workers ?? availableParallelism() - 1, 16));
  if (head.seq === null || head.n < (options.minEntries ?? 50_000) || workers === 0) {
    return verifyStore(db, deviceId);
  }
  const pin = {
    seq: head.seq,
    hash: db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(head.seq) as string,
  };
  const size =
    options.rangeSize ?? Math.min(20_000, Math.max(2_000, Math.ceil(head.seq / ((workers + 1) * 16))));
  const ranges: RangeTask['ranges'] = [];
  for (let after = 0; after < head.seq; after += size)
    ranges.push({ after, to: Math.min(head.seq, after + size) });
  const task: RangeTask = { path, deviceId, ranges, next: new SharedArrayBuffer(4), pin };
  const running = Array.from({ length: workers }, () => startWorker(task));
  // Meanwhile, in this snapshot: foreign entries, stored row counts, the stock replay.
  const foreignFound: Discrepancy[] = [];
  const foreignSums = new PointsSums();
  const expected = emptyCounts();
  const foreignEntries = checkForeign(db, expected, collect(foreignFound), foreignSums);
  const stored = storedCounts(db);
  const stockFound: Discrepancy[] = [];
  const stockLevels = checkStock(db, collect(stockFound));
  // Then ranges here too, until none is left.
  const results: RangeResult[] = new Array(ranges.length);
  const taken = [takeRanges(db, task), ...(await Promise.all(running))];
  for (const mine of taken) for (const [i, r] of mine) results[i] = r;

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
    for (const [household, amount] of r.sums) sums.addTo(household, amount);
  }
  checkAcknowledgedHead(db, deviceId, prev.seq, collect(localFound));
  if (!foreignSums.exact) sums.exact = false;
  for (const [household, amount] of foreignSums.entries()) sums.addTo(household, amount);

  const countFound: Discrepancy[] = [];
  checkCounts(stored, expected, collect(countFound), sums);
  const balanceFound: Discrepancy[] = [];
  const households = checkBalances(db, sums, collect(balanceFound));
  const discrepancies = [...localFound, ...foreignFound, ...countFound, ...balanceFound, ...stockFound].slice(
    0,
    MAX_REPORTED,
  );
  return { ok: discrepancies.length === 0, entries, foreignEntries, households, stockLevels, discrepancies };
}

/**
 * Takes ranges from the shared counter until none is left, and checks each on `db` (in
 * its read transaction): every entry's hash and body, the chain inside the range, every
 * ledger row its entries stand for, and its points sums. The link into a range is left
 * to the main thread, which knows where the range before it ended.
 */
export function takeRanges(db: Db, task: RangeTask): [number, RangeResult][] {
  const next = new Int32Array(task.next);
  const out: [number, RangeResult][] = [];
  for (let i = Atomics.add(next, 0, 1); i < task.ranges.length; i = Atomics.add(next, 0, 1)) {
    const { after, to } = task.ranges[i]!;
    const discrepancies: Discrepancy[] = [];
    const expected = emptyCounts();
    const sums = new PointsSums();
    const ends = checkDevice(
      db,
      task.deviceId,
      ownChunks(db, task.deviceId, to),
      true,
      expected,
      collect(discrepancies),
      sums,
      after,
      false,
    );
    out.push([i, { ...ends, expected, sumsExact: sums.exact, sums: [...sums.entries()], discrepancies }]);
  }
  return out;
}

/**
 * The worker as this module is loaded: TypeScript (tests, bench, the CLI under tsx),
 * where the worker first registers tsx's loader, or a built .js beside this one.
 */
function startWorker(task: RangeTask): Promise<[number, RangeResult][]> {
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
    let result: [number, RangeResult][] | undefined;
    worker.once('message', (r: [number, RangeResult][]) => {
      result = r;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`verify worker stopped (exit ${code})`));
    });
  });
}
