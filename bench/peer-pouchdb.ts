/**
 * The peer (issue 14, aim 1): a PouchDB replication of the same entries over loopback
 * HTTP, against express-pouchdb on LevelDB in its own process (as our server is), timed
 * both ways and set beside the SyncClient figures of bench/sync-client.ts in this run.
 *
 * - push: a local PouchDB holding the entries replicates to the empty remote;
 * - pull: a fresh local PouchDB replicates everything from the remote.
 * Each side stores every document. Batches are the sizes ours uses (1000 up, 2000 down).
 *
 * PouchDB is not a project dependency: on first use it is installed into bench/.peer
 * (git-ignored) with `npm install --prefix bench/.peer`. If that install fails (no
 * network), the bench fails and says so; it never skips silently.
 * JIFEN_PEER_N (default: BENCH_SYNC_CLIENT_ENTRIES, else 100000) sets the entry count.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../src/clock';
import { newId } from '../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry } from '../src/journal';
import { MAX_PULL_PAGE } from '../src/sync/messages';

/** The peer's batch, as decision 0475 measured it (our push batches grow past it since 0452). */
const PEER_BATCH = 1000;

import { bodies } from '../tests/support/township';
import { figures, run as runSyncClient } from './sync-client';

const PEER_DIR = fileURLToPath(new URL('./.peer', import.meta.url));
// express-pouchdb 4 is built on express 4 (express 5 makes req.query read-only and it breaks).
const PEER_PACKAGES = ['pouchdb@9', 'express-pouchdb@4', 'express@4'];
const PEER_MAJORS: Record<string, number> = { pouchdb: 9, 'express-pouchdb': 4, express: 4 };
const N = Number(process.env.JIFEN_PEER_N ?? process.env.BENCH_SYNC_CLIENT_ENTRIES ?? 100_000);

const perS = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Installs the peer into bench/.peer on first use; throws a clear error if npm cannot. */
function ensurePeer(): NodeJS.Require {
  const installed = Object.entries(PEER_MAJORS).every(([p, major]) => {
    const pkg = join(PEER_DIR, 'node_modules', p, 'package.json');
    return (
      existsSync(pkg) &&
      Number((JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version.split('.')[0]) === major
    );
  });
  if (!installed) {
    console.log(`installing the peer into bench/.peer: ${PEER_PACKAGES.join(' ')} (first use only)`);
    const r = spawnSync(
      'npm',
      ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', ...PEER_PACKAGES],
      { stdio: 'inherit' },
    );
    if (r.status !== 0)
      throw new Error(
        `无法安装对照的 PouchDB（网络被拒绝？）/ Could not install the PouchDB peer into bench/.peer ` +
          `(npm exit ${r.status ?? r.signal}; is the network refusing?). The peer comparison did not run.`,
      );
  }
  return createRequire(join(PEER_DIR, 'package.json'));
}

/** express-pouchdb over LevelDB in its own node process, on a loopback port. */
const SERVER = `
const { createRequire } = require('node:module');
const req = createRequire(process.env.PEER_PKG);
const PouchDB = req('pouchdb').defaults({ prefix: process.env.DATA_DIR + '/' });
const app = req('express')();
app.use('/', req('express-pouchdb')(PouchDB, {
  mode: 'minimumForPouchDB',
  configPath: process.env.DATA_DIR + '/config.json',
  logPath: process.env.DATA_DIR + '/log.txt',
}));
const srv = app.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + srv.address().port + '\\n'));
`;

async function startPeerServer(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const script = join(dir, 'peer-server.cjs');
  writeFileSync(script, SERVER);
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PEER_PKG: join(PEER_DIR, 'package.json'), DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`express-pouchdb exited (${code}) before listening`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/**
 * n chained, hashed entries of the same mix and shape as ours (awards, one-line sales,
 * stock receipts; about 600 B of nested JSON each), as PouchDB documents keyed by entry id.
 */
function entries(n: number): (JournalEntry & { _id: string })[] {
  const clock = new ManualClock(Date.UTC(2026, 9, 15, 4));
  const shopId = newId(clock);
  const deviceId = newId(clock);
  const clerkId = newId(clock);
  const ruleIds = [newId(clock), newId(clock)];
  const productIds = [newId(clock), newId(clock), newId(clock)];
  const households = Array.from({ length: 2000 }, (_, i) => ({
    id: newId(clock),
    cardUid: `04${String(i).padStart(8, '0')}`,
  }));
  const out: (JournalEntry & { _id: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const h = households[i % households.length]!;
    const r = Math.floor(i / households.length) % 20;
    const b =
      r < 12
        ? bodies.award(h.id, 1000, ruleIds[r % 2]!)
        : r < 19
          ? bodies.sale(shopId, h, productIds[r % 3]!, 1, 1500, 900)
          : bodies.receive(shopId, productIds[r % 3]!, 20, 900);
    const unhashed = {
      ...b,
      id: newId(clock),
      deviceId,
      seq: i + 1,
      at: clock.now() + i,
      businessDate: '2026-10-15',
      clerkId,
      prevHash: prev,
    } as Omit<JournalEntry, 'hash'>;
    const e = { ...unhashed, hash: entryHash(unhashed) } as JournalEntry;
    prev = e.hash;
    out.push({ _id: e.id, ...e });
  }
  return out;
}

interface PouchLike {
  bulkDocs(docs: object[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  close(): Promise<void>;
}
type PouchCtor = (new (
  name: string,
) => PouchLike) & {
  replicate(
    from: PouchLike | string,
    to: PouchLike | string,
    opts: object,
  ): Promise<{ docs_written: number }>;
};

async function peer(): Promise<{ pushPerS: number; pullPerS: number }> {
  const req = ensurePeer();
  const PouchDB = req('pouchdb') as PouchCtor;
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-peer-'));
  const { url, child } = await startPeerServer(dir);
  const dbs: PouchLike[] = [];
  try {
    const docs = entries(N);
    const source = new PouchDB(join(dir, 'till-a'));
    dbs.push(source);
    for (let i = 0; i < docs.length; i += PEER_BATCH) await source.bulkDocs(docs.slice(i, i + PEER_BATCH));
    const remote = `${url}/ledger`;

    let t0 = performance.now();
    const up = await PouchDB.replicate(source, remote, { batch_size: PEER_BATCH });
    const pushMs = performance.now() - t0;
    const stored = ((await (await fetch(remote)).json()) as { doc_count: number }).doc_count;
    if (up.docs_written !== N || stored !== N)
      throw new Error(`peer push: wrote ${up.docs_written}, remote holds ${stored} of ${N}`);

    const target = new PouchDB(join(dir, 'till-b'));
    dbs.push(target);
    t0 = performance.now();
    const down = await PouchDB.replicate(remote, target, { batch_size: MAX_PULL_PAGE });
    const pullMs = performance.now() - t0;
    const got = (await target.info()).doc_count;
    if (down.docs_written !== N || got !== N)
      throw new Error(`peer pull: wrote ${down.docs_written}, local holds ${got} of ${N}`);

    const pushPerS = perS(N, pushMs);
    const pullPerS = perS(N, pullMs);
    console.log(
      `[peer] PouchDB 9 → express-pouchdb (LevelDB, loopback HTTP) push ${fmt(N)} entries (batches of ${PEER_BATCH}): ${(pushMs / 1000).toFixed(1)} s, ${fmt(pushPerS)} entries/s`,
    );
    console.log(
      `[peer] express-pouchdb → fresh PouchDB pull ${fmt(N)} entries (batches of ${MAX_PULL_PAGE}): ${(pullMs / 1000).toFixed(1)} s, ${fmt(pullPerS)} entries/s`,
    );
    console.log(`[peer] load average ${load()} (shared 2-core machine)`);
    return { pushPerS, pullPerS };
  } finally {
    for (const d of dbs) await d.close();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  if (figures.length === 0) {
    console.log('SyncClient figures are not in this run yet: running bench/sync-client first');
    await runSyncClient();
  }
  const p = await peer();
  for (const f of figures) {
    const x = (ours: number, theirs: number) => `${(ours / theirs).toFixed(1)}×`;
    console.log(
      `[${f.dialect}] ours vs the peer: push ${fmt(f.pushPerS)} vs ${fmt(p.pushPerS)} entries/s = ${x(f.pushPerS, p.pushPerS)}; ` +
        `pull ${fmt(f.pullPerS)} vs ${fmt(p.pullPerS)} entries/s = ${x(f.pullPerS, p.pullPerS)} (ours ${fmt(f.entries)} entries, peer ${fmt(N)}; aim ≥ 10×)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
