import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CARDS, DEMO_CLERKS, seedDemo } from '../main/demo/seed';
import { TillStore, verifyStore } from '../main/store';
import { type Actor, contextFor, postPoints, receiveStock } from '../main/till';

/**
 * The long crash run (issue 11): the till service (the browser host, a real child
 * process) is SIGKILLed JIFEN_KILLS times (default 1,000) while checkouts are driven
 * through its HTTP API. After each kill, with the service down, the database must
 * verify clean, hold every sale the API acknowledged, hold no half-written sale (verify
 * recomputes balances, stock and ledger rows from the journal) and keep a contiguous
 * sequence. `npm run bench -- kill`, or `JIFEN_KILLS=20 npx tsx -e "import('./bench/kill.ts').then(m => m.run())"`.
 */
const KILLS = Number(process.env.JIFEN_KILLS ?? 1000);
/** A Friday morning in Shanghai, so the demo shop's redemption window is open. */
const BASE_NOW = Date.UTC(2026, 10, 20, 2, 0, 0);

interface Tally {
  kills: number;
  acknowledged: number;
  committedUnacknowledged: number;
  lost: number;
  verifyFailures: number;
  seqGaps: number;
  halfWritten: number;
  startMs: number[];
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-kill-'));
  const dbPath = join(dataDir, 'till.db');
  const started = Date.now();
  const tally: Tally = {
    kills: 0,
    acknowledged: 0,
    committedUnacknowledged: 0,
    lost: 0,
    verifyFailures: 0,
    seqGaps: 0,
    halfWritten: 0,
    startMs: [],
  };
  const acknowledged = new Set<string>();
  seedDemo(dbPath, { now: BASE_NOW, light: true, historyDays: 5 });
  const lines = prepare(dbPath);
  try {
    for (let i = 0; i < KILLS; i++) {
      const t0 = performance.now();
      const host = await startHost(dataDir, BASE_NOW + (Date.now() - started));
      tally.startMs.push(performance.now() - t0);
      try {
        const sent = await checkoutsUntilKilled(host, lines, 20 + Math.floor(Math.random() * 400));
        for (const id of sent) acknowledged.add(id);
        tally.acknowledged += sent.length;
      } finally {
        host.child.kill('SIGKILL');
        await host.exited;
      }
      tally.kills++;
      check(dbPath, acknowledged, tally);
      if ((i + 1) % 50 === 0) report(tally, acknowledged);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  report(tally, acknowledged);
  if (tally.lost + tally.verifyFailures + tally.seqGaps + tally.halfWritten > 0)
    throw new Error('the kill run found lost or half-written sales');
}

function report(t: Tally, acknowledged: Set<string>): void {
  const starts = [...t.startMs].sort((a, b) => a - b);
  console.log(
    `kills ${t.kills}: sales acknowledged ${acknowledged.size}, committed but unacknowledged ${t.committedUnacknowledged}, ` +
      `lost ${t.lost}, half-written ${t.halfWritten}, verify failures ${t.verifyFailures}, seq gaps ${t.seqGaps}; ` +
      `service start p50 ${Math.round(starts[Math.floor(starts.length / 2)] ?? 0)} ms`,
  );
}

/** After a kill, with nothing running: verify, acknowledged sales present, seq contiguous. */
function check(dbPath: string, acknowledged: Set<string>, t: Tally): void {
  const store = new TillStore(dbPath);
  try {
    const v = verifyStore(store.db, store.deviceId);
    if (!v.ok) {
      t.verifyFailures++;
      console.error('verify after kill:', JSON.stringify(v.discrepancies.slice(0, 3)));
    }
    const head = store.db.prepare('SELECT max(seq) AS max, count(*) AS n FROM journal').get() as {
      max: number;
      n: number;
    };
    if (head.max !== head.n) t.seqGaps++;
    const sales = new Set(store.db.prepare('SELECT id FROM sales').pluck().all() as string[]);
    const saleEntries = store.db
      .prepare("SELECT count(*) FROM journal WHERE kind = 'sale'")
      .pluck()
      .get() as number;
    if (saleEntries !== sales.size) t.halfWritten++;
    let lost = 0;
    for (const id of acknowledged) if (!sales.has(id)) lost++;
    t.lost = lost;
    t.committedUnacknowledged = sales.size - (acknowledged.size - lost) - initialSales;
    topUp(store);
  } finally {
    store.close();
  }
}

let initialSales = 0;

/** Tops up once and picks the cart: two goods and a service, one each. */
function prepare(dbPath: string): { productId: string; qty: number }[] {
  const store = new TillStore(dbPath);
  try {
    topUp(store);
    initialSales = store.db.prepare('SELECT count(*) FROM sales').pluck().get() as number;
    const service = store.db
      .prepare('SELECT id FROM products WHERE is_service = 1 AND active = 1 ORDER BY name LIMIT 1')
      .pluck()
      .all() as string[];
    return [...goods(store), ...service].map((productId) => ({ productId, qty: 1 }));
  } finally {
    store.close();
  }
}

/** Keeps the demo household able to pay and the goods in stock (direct, with the service down). */
function topUp(store: TillStore): void {
  const ctx = contextFor(store);
  const actor = (role: string) =>
    store.db.prepare('SELECT id, name, role FROM clerks WHERE role = ?').get(role) as Actor;
  const household = store.db
    .prepare('SELECT household_id FROM cards WHERE uid = ?')
    .pluck()
    .get(DEMO_CARDS.rich) as string;
  if (store.balance(household) < 1_000_000)
    postPoints(ctx, actor('cadre'), { householdId: household, amount: 10_000_000, reason: '补充积分' });
  for (const productId of goods(store)) {
    const qty = store.db
      .prepare('SELECT qty FROM stock_levels WHERE product_id = ?')
      .pluck()
      .get(productId) as number | undefined;
    if ((qty ?? 0) < 500)
      receiveStock(ctx, actor('stockkeeper'), {
        productId,
        qty: 5000,
        unitCostFen: 123,
        donation: false,
        reference: '补货',
      });
  }
}

const goods = (store: TillStore) =>
  store.db
    .prepare('SELECT id FROM products WHERE is_service = 0 AND active = 1 ORDER BY name LIMIT 2')
    .pluck()
    .all() as string[];

interface Host {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

function startHost(dataDir: string, nowMs: number): Promise<Host> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/host/cli.ts', '--port', '0', '--data-dir', dataDir, '--demo'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, JIFEN_TEST_NOW_MS: String(nowMs) } },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /JIFEN_TILL_URL=(\S+)/.exec(output);
      if (m) resolve({ child, url: m[1]!.replace(/\/$/, ''), exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`till host exited (${code}) at start:\n${output}`)));
  });
}

/** Logs in and sells until the kill `afterMs` in; returns the sale ids the API acknowledged. */
async function checkoutsUntilKilled(
  host: Host,
  lines: { productId: string; qty: number }[],
  afterMs: number,
): Promise<string[]> {
  const call = async (name: string, params: unknown, token?: string) => {
    const res = await fetch(`${host.url}/api/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: host.url,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(params),
    });
    const json = (await res.json()) as { ok: boolean; result?: unknown; error?: { en: string } };
    if (!json.ok) throw new Refused(`${name}: ${json.error?.en}`);
    return json.result as Record<string, unknown>;
  };
  const clerks = (await call('session.clerks', {})) as unknown as { id: string; name: string }[];
  const demo = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
  const { token } = (await call('session.login', {
    clerkId: clerks.find((c) => c.name === demo.name)!.id,
    pin: demo.pin,
  })) as { token: string };
  const done: string[] = [];
  const timer = setTimeout(() => host.child.kill('SIGKILL'), afterMs);
  try {
    for (;;) {
      const saleId = crypto.randomUUID();
      await call('checkout.commit', { saleId, cardUid: DEMO_CARDS.rich, lines }, token);
      done.push(saleId);
    }
  } catch (e) {
    // The kill cut the request (fetch fails); a refusal is a real failure of the run.
    if (e instanceof Refused) throw e;
  } finally {
    clearTimeout(timer);
  }
  return done;
}

class Refused extends Error {}
