import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** Rows per INSERT statement: 50 rows of the widest pulled table is 750 parameters. */
const ROWS_PER_STATEMENT = 50;

/**
 * Rows for one table written as multi-row `INSERT … VALUES (…),(…)`, 50 at a time: each
 * better-sqlite3 `run` has a fixed cost (binding, stepping, resetting), about a
 * microsecond per row saved on a pull page (decision 0497). Values go in one by one, in
 * column order; a full statement's worth is written at once, the rest at `flush`. Rows
 * are written in the order they were added, so their rowids are the ones single-row
 * inserts gave. Statements are prepared once per row count.
 */
export class MultiRowInsert {
  private readonly values: unknown[];
  /** Values in a full statement. */
  private readonly full: number;
  private length = 0;
  private readonly statements = new Map<number, Statement>();

  constructor(
    private readonly db: Db,
    /** `INSERT [OR IGNORE] INTO t (a, b)`, without VALUES. */
    private readonly head: string,
    private readonly width: number,
    /** What follows VALUES, e.g. an ON CONFLICT clause. */
    private readonly tail = '',
  ) {
    this.full = width * ROWS_PER_STATEMENT;
    this.values = new Array<unknown>(this.full).fill(null);
  }

  /** The next value of the current row. Small, so V8 inlines it where a pull adds a row. */
  value(v: unknown): void {
    this.values[this.length++] = v;
    if (this.length === this.full) this.writeFull();
  }

  private writeFull(): void {
    // Emptied first, as flush does: a statement that fails leaves no rows for the next one.
    this.length = 0;
    this.statement(ROWS_PER_STATEMENT).run(this.values);
  }

  get pending(): boolean {
    return this.length > 0;
  }

  /** Writes the rows added since the last full statement. */
  flush(): void {
    if (this.length === 0) return;
    if (this.length % this.width !== 0) throw new Error(`${this.head}: a row is incomplete`);
    const rows = this.length / this.width;
    this.length = 0;
    this.statement(rows).run(this.values.slice(0, rows * this.width));
  }

  /** Drops what was added and not written (its transaction failed). */
  clear(): void {
    this.length = 0;
  }

  private statement(rows: number): Statement {
    let s = this.statements.get(rows);
    if (!s) {
      const one = `(${new Array(this.width).fill('?').join(',')})`;
      s = this.db.prepare(`${this.head} VALUES ${new Array(rows).fill(one).join(',')} ${this.tail}`);
      this.statements.set(rows, s);
    }
    return s;
  }
}
