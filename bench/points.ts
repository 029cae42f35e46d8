/**
 * Earning points (issue 13), three figures:
 *   1. batch award at an event: a card's UID answer on vpcd → its line in the running
 *      list in Chromium (real browser host, till service, pcscd), p50/p99 over distinct
 *      cards (BENCH_RUNS, default 120; aim p99 < 50 ms);
 *   2. the monthly notice of a 1,000-household village from a ledger of 100k entries
 *      (BENCH_POINTS_ENTRIES to change; aim < 1 s);
 *   3. a household statement for a year at the same ledger size;
 *   4. a household statement at 1M points entries (BENCH_STATEMENT_ENTRIES): the till
 *      bench/store.ts builds through TillStore.append (BENCH_STATEMENT_BASE entries, default
 *      100k: about a minute), its points entries then copied month after month by SQL up to
 *      the size asked (BENCH_STATEMENT_BASE=1000000 appends them all: ten minutes or more on
 *      a loaded machine). The statement reads points_entries only, so the copies cost it what
 *      appended rows would. Its busiest household: the whole history, and one month.
 * `npx tsx bench/points.ts statement` runs only the fourth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CLERKS, seedDemo } from '../main/demo/seed';
import { TillStore } from '../main/store';
import { type Actor, contextFor } from '../main/till/context';
import { postPoints } from '../main/till/points';
import { householdStatement, monthlyNotice } from '../main/till/points-notice';
import { ManualClock } from '../src/clock';
import { login } from '../tests/e2e/helpers/counter';
import { startTillHost, type TillHost } from '../tests/e2e/helpers/till-host';
import { launchChromium, openCounterPage } from '../tests/support/browser';
import { type Pcscd, startPcscd } from '../tests/support/pcscd';
import { placeCard } from '../tests/support/virtual-card';
import { build } from './store';

const RUNS = Number(process.env.BENCH_RUNS ?? 120);
const ENTRIES = Number(process.env.BENCH_POINTS_ENTRIES ?? 100_000);
const START = Date.UTC(2026, 0, 5, 2, 0, 0);
const DAY = 86_400_000;
const log = (what: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${what}`);

/** Resolves with the epoch ms at which the list first has n lines (page source text: runs in Chromium). */
const watchLines = (n: number) => `window.__line = new Promise((resolve) => {
  const seen = () => document.querySelectorAll('[data-testid="batch-line"]').length >= ${n};
  if (seen()) return resolve(performance.timeOrigin + performance.now());
  const obs = new MutationObserver(() => {
    if (seen()) { obs.disconnect(); resolve(performance.timeOrigin + performance.now()); }
  });
  obs.observe(document.body, { childList: true, subtree: true });
});
0`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(label: string, samples: number[]): void {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(52)} n=${s.length}  p50 ${f(percentile(s, 50))} ms  p99 ${f(percentile(s, 99))} ms  max ${f(s.at(-1)!)} ms`,
  );
}

export async function batchTaps(): Promise<void> {
  let pcscd: Pcscd | undefined;
  let host: TillHost | undefined;
  const browser = await launchChromium();
  try {
    pcscd = await startPcscd();
    host = await startTillHost({ nowMs: START + 300 * DAY });
    await host.stop();
    const store = new TillStore(join(host.dataDir, 'till.db'));
    const uids = store
      .sql(
        `SELECT c.uid FROM cards c LEFT JOIN card_state s ON s.uid = c.uid
         WHERE coalesce(s.status, c.status) = 'active' ORDER BY c.uid`,
      )
      .pluck()
      .all() as string[];
    store.close();
    host = await startTillHost({ dataDir: host.dataDir, nowMs: START + 300 * DAY });
    const page = await openCounterPage(browser, host.url);
    const cadre = DEMO_CLERKS.find((c) => c.role === 'cadre')!;
    await login(page, cadre.name, cadre.pin);
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-points').click();
    await page.getByTestId('rule-button').filter({ hasText: '志愿服务（每次）' }).first().click();
    const runs = Math.min(RUNS, uids.length);
    log(`tapping ${runs} distinct cards`);
    const fromUid: number[] = [];
    const fromSeen: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.evaluate(watchLines(i + 1));
      const card = await placeCard({ uid: uids[i]! });
      const at = (await page.evaluate('window.__line')) as number;
      await card.remove();
      if (card.uidSentAt === null || card.seenAt === null) throw new Error('the reader never read the card');
      fromUid.push(at - (performance.timeOrigin + card.uidSentAt));
      fromSeen.push(at - (performance.timeOrigin + card.seenAt));
    }
    console.log(`batch award by taps (Chromium, browser host, real pcscd + vpcd card), ${runs} taps`);
    report('card answers its UID → line in the running list', fromUid);
    report('pcscd poll finds the card → line in the running list', fromSeen);
  } finally {
    await browser.close();
    await host?.dispose();
    await pcscd?.stop();
  }
}

export function ledgerFigures(): void {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-points-'));
  try {
    const path = join(dir, 'till.db');
    seedDemo(path, { now: START, households: 2000, light: true, historyDays: 3 });
    const clock = new ManualClock(START);
    const store = new TillStore(path, { clock });
    const ctx = contextFor(store);
    const actor = (role: string) =>
      store.sql('SELECT id, name, role FROM clerks WHERE role = ?').get(role) as Actor;
    const [cadre, manager] = [actor('cadre'), actor('manager')];
    const households = store.sql('SELECT id FROM households ORDER BY number').pluck().all() as string[];
    log(`writing ${ENTRIES} approved entries over ten months, ${households.length} households`);
    const t0 = performance.now();
    const step = (300 * DAY) / ENTRIES;
    for (let done = 0; done < ENTRIES; done += 10_000) {
      store.transaction(() => {
        for (let i = done; i < Math.min(ENTRIES, done + 10_000); i++) {
          clock.set(START + Math.floor(i * step));
          postPoints(ctx, manager, {
            householdId: households[(i * 7919) % households.length]!,
            amount: i % 11 === 0 ? -200 : 100 + (i % 5) * 50,
            reason: i % 11 === 0 ? '乱堆乱放' : '志愿服务',
            proposedBy: cadre.id,
          });
        }
      });
    }
    log(`written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const timeIt = (fn: () => unknown, n = 5) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        fn();
        xs.push(performance.now() - s);
      }
      return xs;
    };
    const busiest = store
      .sql(
        `SELECT substr(business_date, 1, 7) AS p, count(*) AS n FROM points_entries
         WHERE kind IN ('award', 'deduction') GROUP BY p ORDER BY n DESC LIMIT 1`,
      )
      .get() as { p: string; n: number };
    const notice = monthlyNotice(ctx, { villageId: null, period: busiest.p });
    console.log(
      `monthly notice, village of 1,000 households, ledger of ${ENTRIES} entries (${busiest.p}: ${notice.entries.length} village entries, ${notice.totals.length} households)`,
    );
    report(
      'monthlyNotice',
      timeIt(() => monthlyNotice(ctx, { villageId: null, period: busiest.p })),
    );
    const h = households[0]!;
    const st = householdStatement(ctx, { householdId: h, from: '2026-01-01', to: '2026-12-31' });
    console.log(`household statement for a year at ${ENTRIES} entries (${st.lines.length} lines)`);
    report(
      'householdStatement',
      timeIt(() => householdStatement(ctx, { householdId: h, from: '2026-01-01', to: '2026-12-31' }), 20),
    );
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STATEMENT_ENTRIES = Number(process.env.BENCH_STATEMENT_ENTRIES ?? 1_000_000);
const STATEMENT_BASE = Math.min(STATEMENT_ENTRIES, Number(process.env.BENCH_STATEMENT_BASE ?? 100_000));

export function statementAtScale(): void {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-statement-'));
  try {
    const path = join(dir, 'till.db');
    const t0 = performance.now();
    build(path, STATEMENT_BASE);
    log(
      `appended ${STATEMENT_BASE.toLocaleString('en')} entries in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const store = new TillStore(path);
    try {
      const base = store.sql('SELECT count(*) FROM points_entries').pluck().get() as number;
      const t1 = performance.now();
      // Copy k of the appended rows, k months later, with new ids, until the ledger has the size asked.
      for (let k = 1; base * k < STATEMENT_ENTRIES; k++) {
        const rows = Math.min(base, STATEMENT_ENTRIES - base * k);
        store.transaction(() =>
          store
            .sql(
              `INSERT INTO points_entries (id, entry_id, household_id, amount, kind, rule_id, sale_id, reason,
                 clerk_id, device_id, device_seq, at, business_date)
               SELECT id || ':' || @k, entry_id, household_id, amount, kind, rule_id, sale_id, reason, clerk_id,
                 device_id, device_seq + @k * @base, at + @k * 2678400000, date(business_date, '+' || @k || ' months')
               FROM points_entries WHERE rowid <= @rows`,
            )
            .run({ k, base, rows }),
        );
      }
      const total = store.sql('SELECT count(*) FROM points_entries').pluck().get() as number;
      log(
        `points entries: ${total.toLocaleString('en')} (copies made in ${((performance.now() - t1) / 1000).toFixed(0)} s)`,
      );
      const ctx = contextFor(store);
      const busiest = store
        .sql(
          `SELECT household_id AS id, count(*) AS n, min(business_date) AS first, max(business_date) AS last
           FROM points_entries GROUP BY household_id ORDER BY n DESC LIMIT 1`,
        )
        .get() as { id: string; n: number; first: string; last: string };
      const month = busiest.last.slice(0, 7);
      const cases = [
        { label: 'whole history', from: busiest.first, to: busiest.last },
        { label: `one month (${month})`, from: `${month}-01`, to: busiest.last },
      ];
      for (const c of cases) {
        const xs: number[] = [];
        let lines = 0;
        for (let i = 0; i < 21; i++) {
          const s = performance.now();
          lines = householdStatement(ctx, { householdId: busiest.id, from: c.from, to: c.to }).lines.length;
          if (i > 0) xs.push(performance.now() - s);
        }
        console.log(
          `household statement at ${total.toLocaleString('en')} points entries, busiest household, ${c.label}: ${lines} lines; load average ${loadavg()[0]!.toFixed(1)}`,
        );
        report('householdStatement', xs);
      }
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  ledgerFigures();
  statementAtScale();
  await batchTaps();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'statement') statementAtScale();
  else await run();
}
