import type { JournalEntry } from '../../src/journal';
import {
  LEDGER_COLUMNS,
  LEDGER_TABLES,
  type LedgerRows,
  type StateRows,
  type StockRow,
} from '../../src/ledger';
import { applyMove } from '../../src/stock';
import { CatalogApplier, StockLedgerWriter } from '../stock';
import { CausalState } from './causal-state';
import type { Db } from './database';
import { MultiRowInsert } from './multi-row';
import { PeopleState } from './people-state';
import { PointsState } from './points-state';

/**
 * Writes what an entry stands for, in two parts (decision 0483):
 * - `applyState`: the materialised state the next entry's checks read (balances, stock
 *   levels, card and household state, shifts, people, catalog, awards), in the
 *   transaction that appends the entry;
 * - `project`: the entry's ledger rows and stock card rows, which nothing on the write
 *   path reads: for the till's own entries the store writes them just after the commit.
 * `apply` does both, for entries pulled from other devices. Statements are prepared once.
 */
export class Materialiser {
  private readonly insert: Record<(typeof LEDGER_TABLES)[number], (row: object) => void>;
  private readonly addBalance;
  private readonly stockLevel;
  private readonly upsertStock;
  private readonly takeStock;
  private readonly causal: CausalState;
  private readonly openShift;
  private readonly closeShift;
  private readonly people: PeopleState;
  private readonly points: PointsState;
  private readonly stockLedger: StockLedgerWriter;
  private readonly catalog: CatalogApplier;
  /** A pull page's ledger rows and balance moves, written at its end (decision 0497); null outside a page. */
  private page: {
    rows: Record<(typeof LEDGER_TABLES)[number], MultiRowInsert>;
    balances: Map<string, number>;
    /** Stock levels the page moved, read once each and written at its end. */
    levels: Map<
      string,
      { productId: string; shopId: string; level: { qty: number; avgCostFen: number } | null }
    >;
  } | null = null;
  private readonly putLevels: MultiRowInsert;
  /** An entry's outflows from stock (a sale's lines), one statement for them all (decision 0462). */
  private readonly takeStocks: MultiRowInsert;
  private readonly pageRows: Record<(typeof LEDGER_TABLES)[number], MultiRowInsert>;
  private readonly addBalances: MultiRowInsert;

  constructor(db: Db) {
    // Positional parameters in LEDGER_COLUMNS order: binding by name costs a property
    // lookup per column per row (decision 0485). The columns are the table's own, checked.
    const insertFor = <T extends (typeof LEDGER_TABLES)[number]>(table: T) => {
      const cols = LEDGER_COLUMNS[table] as readonly string[];
      const stored = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
      if (stored.length !== cols.length || stored.some((c) => !cols.includes(c)))
        throw new Error(`${table} columns ${stored.join(',')} differ from LEDGER_COLUMNS`);
      const stmt = db.prepare(
        `INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`,
      );
      const values = new Array<unknown>(cols.length);
      return (row: object) => {
        const r = row as Record<string, unknown>;
        for (let i = 0; i < cols.length; i++) values[i] = r[cols[i]!];
        stmt.run(values);
      };
    };
    this.insert = Object.fromEntries(
      LEDGER_TABLES.map((t) => [t, insertFor(t)]),
    ) as unknown as typeof this.insert;
    this.pageRows = Object.fromEntries(
      LEDGER_TABLES.map((t) => [
        t,
        new MultiRowInsert(db, `INSERT INTO ${t} (${LEDGER_COLUMNS[t].join(',')})`, LEDGER_COLUMNS[t].length),
      ]),
    ) as unknown as typeof this.pageRows;
    this.addBalances = new MultiRowInsert(
      db,
      'INSERT INTO balances (household_id, balance)',
      2,
      'ON CONFLICT (household_id) DO UPDATE SET balance = balance + excluded.balance',
    );
    this.putLevels = new MultiRowInsert(
      db,
      'INSERT INTO stock_levels (product_id, shop_id, qty, avg_cost_fen)',
      4,
      'ON CONFLICT (product_id, shop_id) DO UPDATE SET qty = excluded.qty, avg_cost_fen = excluded.avg_cost_fen',
    );
    // Each row moves qty by its outflow and keeps the average, or, for a level not there yet,
    // starts it at the outflow and the move's cost: applyMove's rule for qty <= 0. Rows are
    // written in order, so a product twice in one entry moves twice, as two statements did.
    this.takeStocks = new MultiRowInsert(
      db,
      'INSERT INTO stock_levels (product_id, shop_id, qty, avg_cost_fen)',
      4,
      'ON CONFLICT (product_id, shop_id) DO UPDATE SET qty = qty + excluded.qty',
    );
    this.addBalance = db.prepare(
      `INSERT INTO balances (household_id, balance) VALUES (?, ?)
       ON CONFLICT (household_id) DO UPDATE SET balance = balance + excluded.balance`,
    );
    this.stockLevel = db.prepare(
      'SELECT qty, avg_cost_fen FROM stock_levels WHERE product_id = ? AND shop_id = ?',
    );
    this.upsertStock = db.prepare(
      `INSERT INTO stock_levels (product_id, shop_id, qty, avg_cost_fen) VALUES (?, ?, ?, ?)
       ON CONFLICT (product_id, shop_id) DO UPDATE SET qty = excluded.qty, avg_cost_fen = excluded.avg_cost_fen`,
    );
    this.takeStock = db.prepare('UPDATE stock_levels SET qty = qty + ? WHERE product_id = ? AND shop_id = ?');
    this.causal = new CausalState(db);
    this.openShift = db.prepare(
      'INSERT OR IGNORE INTO shifts (id, clerk_id, opened_at, open_entry_id) VALUES (?, ?, ?, ?)',
    );
    this.closeShift = db.prepare('UPDATE shifts SET closed_at = ?, close_entry_id = ? WHERE id = ?');
    this.people = new PeopleState(db);
    this.points = new PointsState(db);
    this.stockLedger = new StockLedgerWriter(db);
    this.catalog = new CatalogApplier(db);
  }

  apply(entry: JournalEntry, rows: LedgerRows): void {
    const page = this.page;
    if (!page) {
      this.applyState(entry, rows);
      this.project(rows);
      return;
    }
    // Within a pull page: the ledger rows and the balance moves wait for its end, when
    // they are written together. Nothing the page's later entries apply reads them.
    for (const p of rows.points_entries) {
      page.balances.set(p.household_id, (page.balances.get(p.household_id) ?? 0) + p.amount);
    }
    for (const m of rows.stock_moves) this.moveStock(m);
    this.applyEntryState(entry);
    this.points.apply(entry);
    for (const table of LEDGER_TABLES) {
      const list = rows[table];
      if (list.length === 0) continue;
      const cols = LEDGER_COLUMNS[table] as readonly string[];
      const into = page.rows[table];
      for (const row of list) {
        const r = row as unknown as Record<string, unknown>;
        for (let i = 0; i < cols.length; i++) into.value(r[cols[i]!]);
      }
    }
    for (const m of rows.stock_moves) this.stockLedger.record(m);
  }

  /**
   * Runs fn, a pull page's applies, with their ledger rows, balance moves and direct
   * awards gathered and written at its end in one multi-row INSERT per table and 50 rows,
   * in the order single-row inserts wrote them (decision 0497). In the caller's transaction.
   */
  inPage<T>(fn: () => T): T {
    if (this.page) return fn();
    for (const t of LEDGER_TABLES) this.pageRows[t].clear();
    this.addBalances.clear();
    this.putLevels.clear();
    const page = { rows: this.pageRows, balances: new Map<string, number>(), levels: new Map() };
    this.page = page;
    this.points.beginPage();
    this.stockLedger.beginPage();
    let done = false;
    try {
      const result = fn();
      this.page = null;
      for (const t of LEDGER_TABLES) page.rows[t].flush();
      for (const [household, amount] of page.balances) {
        this.addBalances.value(household);
        this.addBalances.value(amount);
      }
      this.addBalances.flush();
      for (const { productId, shopId, level } of page.levels.values()) {
        if (!level) continue;
        this.putLevels.value(productId);
        this.putLevels.value(shopId);
        this.putLevels.value(level.qty);
        this.putLevels.value(level.avgCostFen);
      }
      this.putLevels.flush();
      this.points.endPage();
      this.stockLedger.endPage();
      done = true;
      return result;
    } finally {
      if (!done) {
        this.page = null;
        for (const t of LEDGER_TABLES) page.rows[t].clear();
        this.addBalances.clear();
        this.putLevels.clear();
        this.points.dropPage();
        this.stockLedger.dropPage();
      }
    }
  }

  applyState(entry: JournalEntry, rows: StateRows): void {
    for (const p of rows.points_entries) this.addBalance.run(p.household_id, p.amount);
    this.moveStocks(rows.stock_moves);
    this.applyEntryState(entry);
    this.points.apply(entry);
  }

  /** The ledger rows and stock card rows, in journal order: each card row follows the one before it. */
  project(rows: LedgerRows): void {
    for (const table of LEDGER_TABLES) for (const row of rows[table]) this.insert[table](row);
    for (const m of rows.stock_moves) this.stockLedger.record(m);
  }

  /** An entry's moves; outflows only, outside a page, in one statement. */
  private moveStocks(moves: readonly StockRow[]): void {
    if (this.page || moves.length < 2 || !moves.every((m) => m.qty <= 0)) {
      for (const m of moves) this.moveStock(m);
      return;
    }
    const rows = this.takeStocks;
    for (const m of moves) {
      rows.value(m.product_id);
      rows.value(m.shop_id);
      rows.value(m.qty);
      rows.value(m.unit_cost_fen);
    }
    rows.flush();
  }

  private moveStock(move: StockRow): void {
    const { product_id: productId, shop_id: shopId, qty } = move;
    const page = this.page;
    if (page) {
      // Within a pull page the level is read once and moved here by the same rule.
      const key = `${productId}\u0000${shopId}`;
      let held = page.levels.get(key);
      if (!held) {
        const row = this.stockLevel.get(productId, shopId) as
          | { qty: number; avg_cost_fen: number }
          | undefined;
        held = { productId, shopId, level: row ? { qty: row.qty, avgCostFen: row.avg_cost_fen } : null };
        page.levels.set(key, held);
      }
      held.level = applyMove(held.level, qty, move.unit_cost_fen);
      return;
    }
    // An outflow from stock on hand leaves the average as it is: one statement, not a read and a write.
    if (qty <= 0 && this.takeStock.run(qty, productId, shopId).changes === 1) return;
    const level = this.stockLevel.get(productId, shopId) as { qty: number; avg_cost_fen: number } | undefined;
    const after = applyMove(
      level ? { qty: level.qty, avgCostFen: level.avg_cost_fen } : null,
      qty,
      move.unit_cost_fen,
    );
    this.upsertStock.run(productId, shopId, after.qty, after.avgCostFen);
  }

  private applyEntryState(e: JournalEntry): void {
    switch (e.kind) {
      case 'card.block':
      case 'card.lost':
      case 'card.unblock':
      case 'card.replace':
        // Causal, not clocked: a block stays until an unblock names it (decision 0414).
        this.causal.card(e);
        break;
      case 'household.suspend':
      case 'household.lift':
        this.causal.household(e);
        break;
      case 'shift.open':
        this.openShift.run(e.body.shiftId, e.clerkId, e.at, e.id);
        break;
      case 'shift.close':
        this.closeShift.run(e.at, e.id, e.body.shiftId);
        break;
      case 'clerk.pin':
      case 'card.issue':
        this.people.apply(e);
        break;
      case 'catalog.product':
        this.catalog.apply(e);
        break;
      default:
        break;
    }
  }
}
