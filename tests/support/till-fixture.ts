import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CARDS, seedDemo } from '../../main/demo/seed';
import { TillStore } from '../../main/store';
import { type Actor, contextFor, type TillContext } from '../../main/till';
import { ManualClock } from '../../src/clock';
import { newId } from '../../src/ids';

/** 2026-11-20 10:00 Asia/Shanghai, a Friday. */
export const FIXED_NOW = Date.UTC(2026, 10, 20, 2, 0, 0);

export interface TillFixture {
  dir: string;
  path: string;
  clock: ManualClock;
  store: TillStore;
  ctx: TillContext;
  clerk: Actor;
  manager: Actor;
  keeper: Actor;
  cadre: Actor;
  product(name: string): { id: string; pricePoints: number; stock: number | null };
  cards: typeof DEMO_CARDS;
  householdOf(uid: string): string;
  cleanup(): void;
}

/**
 * The demo data is written through the use cases (PINs hashed at full cost), about 2 s a
 * time: each test process seeds it once per size and copies the closed file per fixture.
 */
const templates = new Map<number, string>();
function seededTemplate(households: number): string {
  let file = templates.get(households);
  if (!file) {
    const dir = mkdtempSync(join(tmpdir(), 'till-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    file = join(dir, 'till.db');
    seedDemo(file, { now: FIXED_NOW, households, light: true, historyDays: 20 });
    templates.set(households, file);
  }
  return file;
}

/**
 * A real SQLite file in a temp dir with a small demo data set, opened on a manual clock.
 * Copies of one seed share its device id; `ownDevice` seeds afresh, for a second till.
 */
export function tillFixture(options: { households?: number; ownDevice?: boolean } = {}): TillFixture {
  const dir = mkdtempSync(join(tmpdir(), 'till-test-'));
  const path = join(dir, 'till.db');
  const households = options.households ?? 12;
  if (options.ownDevice) seedDemo(path, { now: FIXED_NOW, households, light: true, historyDays: 20 });
  else copyFileSync(seededTemplate(households), path);
  const clock = new ManualClock(FIXED_NOW);
  const store = new TillStore(path, { clock });
  const ctx = contextFor(store);
  const actor = (role: string): Actor =>
    store.db.prepare('SELECT id, name, role FROM clerks WHERE role = ?').get(role) as Actor;
  return {
    dir,
    path,
    clock,
    store,
    ctx,
    clerk: actor('clerk'),
    manager: actor('manager'),
    keeper: actor('stockkeeper'),
    cadre: actor('cadre'),
    product(name) {
      const row = store.db
        .prepare(
          `SELECT p.id, p.price_points, p.is_service, l.qty FROM products p
           LEFT JOIN stock_levels l ON l.product_id = p.id AND l.shop_id = ? WHERE p.name = ?`,
        )
        .get(ctx.shopId, name) as {
        id: string;
        price_points: number;
        is_service: number;
        qty: number | null;
      };
      return { id: row.id, pricePoints: row.price_points, stock: row.is_service ? null : (row.qty ?? 0) };
    },
    cards: DEMO_CARDS,
    householdOf(uid) {
      return store.db.prepare('SELECT household_id FROM cards WHERE uid = ?').pluck().get(uid) as string;
    },
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of every ledger table: a refusal must leave them all unchanged. */
export function ledgerCounts(store: TillStore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of [
    'journal',
    'points_entries',
    'stock_moves',
    'sales',
    'sale_lines',
    'sale_reversals',
    'balances',
    'stock_levels',
  ]) {
    out[t] = store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  }
  out.balanceSum = store.db.prepare('SELECT coalesce(sum(balance), 0) FROM balances').pluck().get() as number;
  out.stockSum = store.db.prepare('SELECT coalesce(sum(qty), 0) FROM stock_levels').pluck().get() as number;
  return out;
}

/** A cadre's points award for the store to append, proposed by the clerk (two people). */
export const awardEntry = (f: TillFixture, householdId: string, amount: number, id = newId(f.clock)) => ({
  ...f.store.header(f.cadre.id, id),
  kind: 'points.award' as const,
  body: {
    householdId,
    memberId: null,
    ruleId: null,
    amount,
    reason: '志愿服务',
    proposedBy: f.clerk.id,
    approvedBy: f.cadre.id,
    reverses: null,
  },
});
