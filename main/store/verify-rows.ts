import type { Statement } from 'better-sqlite3';
import type { JournalEntry } from '../../src/journal';
import { deriveLedgerRows, LEDGER_COLUMNS, LEDGER_TABLES, type PointsRow } from '../../src/ledger';
import type { Db } from './database';
import type { LedgerTable, PointsSums, Report, TableCounts } from './verify-types';

/** Where one device's rows of a seq range are, per table (the line tables through their head rows). */
const FROM: Record<LedgerTable, string> = {
  points_entries: 'FROM points_entries WHERE device_id = ? AND device_seq BETWEEN ? AND ?',
  stock_moves: 'FROM stock_moves WHERE device_id = ? AND device_seq BETWEEN ? AND ?',
  sales: 'FROM sales WHERE device_id = ? AND device_seq BETWEEN ? AND ?',
  sale_lines: `FROM sale_lines l JOIN sales s ON s.id = l.sale_id
               WHERE s.device_id = ? AND s.device_seq BETWEEN ? AND ?`,
  sale_reversals: 'FROM sale_reversals WHERE device_id = ? AND device_seq BETWEEN ? AND ?',
  sale_reversal_lines: `FROM sale_reversal_lines l JOIN sale_reversals r ON r.id = l.reversal_id
                        WHERE r.device_id = ? AND r.device_seq BETWEEN ? AND ?`,
};
/** deriveLedgerRows' order within a seq range. */
const ORDER: Record<LedgerTable, string> = {
  points_entries: 'ORDER BY device_seq, id',
  stock_moves: 'ORDER BY device_seq, id',
  sales: 'ORDER BY device_seq, id',
  sale_lines: 'ORDER BY s.device_seq, l.line_no',
  sale_reversals: 'ORDER BY device_seq, id',
  sale_reversal_lines: 'ORDER BY r.device_seq, l.line_no',
};
const lineTable = (t: LedgerTable) => t === 'sale_lines' || t === 'sale_reversal_lines';
/**
 * The columns the fast path reads. A head table's `device_id` is not read: its statement
 * selects only rows whose device_id is the device being checked, so the derived row's
 * device id is checked against that instead (a row moved to another device is then missing
 * from its chunk and found by the row-by-row comparison).
 */
const READ = Object.fromEntries(
  LEDGER_TABLES.map((t) => [t, LEDGER_COLUMNS[t].filter((c) => lineTable(t) || c !== 'device_id')]),
) as unknown as Record<LedgerTable, readonly string[]>;

export interface LedgerStatements {
  /** The stored rows as arrays of LEDGER_COLUMNS (a head table's without device_id), in index order (no sort): the fast path. */
  values: Record<LedgerTable, Statement<unknown[]>>;
  /** The stored rows as objects in deriveLedgerRows' order: the row-by-row comparison that words the report. */
  rows: Record<LedgerTable, Statement<unknown[]>>;
}

export function ledgerStatements(db: Db): LedgerStatements {
  const per = (sql: (t: LedgerTable) => string) =>
    Object.fromEntries(LEDGER_TABLES.map((t) => [t, db.prepare(sql(t))])) as Record<
      LedgerTable,
      Statement<unknown[]>
    >;
  const values = per((t) => {
    const cols = READ[t].map((c) => (lineTable(t) ? `l.${c}` : c)).join(', ');
    // No ORDER BY (it costs a sort): the device index already walks the rows in that
    // order, and any other order only makes the comparison fail (the slow path).
    return `SELECT ${cols} ${FROM[t]}`;
  });
  for (const t of LEDGER_TABLES) values[t].raw();
  const rows = per((t) => `SELECT ${lineTable(t) ? 'l.*' : '*'} ${FROM[t]} ${ORDER[t]}`);
  return { values, rows };
}

/**
 * The ledger rows of one chunk of a device's entries against the rows those entries
 * stand for, table by table. The fast path reads the stored rows as arrays of the
 * derived rows' columns and compares every value with ===; any difference falls back to
 * the row-by-row comparison, which writes the report.
 */
export function compareRows(
  deviceId: string,
  entries: JournalEntry[],
  bodiesValid: boolean,
  statements: LedgerStatements,
  expected: TableCounts,
  report: Report,
  sums: PointsSums,
): void {
  const lo = entries[0]!.seq;
  const hi = entries.at(-1)!.seq;
  const want = Object.fromEntries(LEDGER_TABLES.map((t) => [t, [] as object[]])) as Record<
    LedgerTable,
    object[]
  >;
  for (const e of entries) {
    const d = deriveLedgerRows(e) as unknown as Record<LedgerTable, object[]>;
    for (const table of LEDGER_TABLES) for (const row of d[table]) want[table].push(row);
  }
  for (const table of LEDGER_TABLES) {
    const rows = want[table];
    expected[table] += rows.length;
    // Only valid bodies take the fast path: they derive strings, safe integers and nulls.
    if (
      bodiesValid &&
      sameValues(table, deviceId, statements.values[table].all(deviceId, lo, hi) as unknown[][], rows)
    ) {
      if (table === 'points_entries') sums.add(rows as PointsRow[]);
      continue;
    }
    if (table === 'points_entries') sums.exact = false;
    const stored = statements.rows[table].all(deviceId, lo, hi) as Record<string, unknown>[];
    const n = Math.max(stored.length, rows.length);
    for (let i = 0; i < n; i++) {
      const w = rows[i] as Record<string, unknown> | undefined;
      const s = stored[i];
      if (!w) {
        report({ kind: 'ledger-row', table, detail: `row with no journal entry: ${JSON.stringify(s)}` });
      } else if (!s) {
        report({ kind: 'ledger-row', table, detail: `row missing for journal content ${JSON.stringify(w)}` });
      } else if (differs(w, s)) {
        const b = JSON.stringify(pick(s, Object.keys(w)));
        report({
          kind: 'ledger-row',
          table,
          detail: `stored ${b} differs from journal ${JSON.stringify(w)}`,
        });
      }
    }
  }
}

/**
 * Whether the stored rows hold exactly the derived rows, in order (false on any doubt).
 * The tables are STRICT: an INTEGER column holds only integers, which read exactly
 * while they are safe, and a TEXT column only text or NULL. So === against a string, a
 * null or a safe integer is exact; any other derived number is a doubt. A BLOB (if the
 * schema was changed) is a Buffer and never === a derived value. The stored rows are
 * those of `deviceId` (READ), so a head table's derived device_id must be that.
 */
export function sameValues(
  table: LedgerTable,
  deviceId: string,
  stored: unknown[][],
  want: object[],
): boolean {
  if (stored.length !== want.length) return false;
  const cols = READ[table];
  const byDevice = !lineTable(table);
  for (let i = 0; i < want.length; i++) {
    const s = stored[i]!;
    const w = want[i] as Record<string, unknown>;
    if (byDevice && w.device_id !== deviceId) return false;
    for (let k = 0; k < cols.length; k++) {
      const v = w[cols[k]!];
      if (s[k] !== v) return false;
      if (typeof v === 'number' && !Number.isSafeInteger(v)) return false;
    }
  }
  return true;
}

/** Any column of the derived row that the stored row does not hold exactly (no array per row: millions). */
function differs(want: Record<string, unknown>, stored: Record<string, unknown>): boolean {
  for (const k in want) if (want[k] !== stored[k]) return true;
  return false;
}

function pick(row: object, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (row as Record<string, unknown>)[k];
  return out;
}
