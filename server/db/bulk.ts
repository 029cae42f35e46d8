import type Database from 'better-sqlite3';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresAdapter,
  type QueryResult,
  type RootOperationNode,
  type SqlBool,
  sql,
  type UnknownRow,
} from 'kysely';

/**
 * The hot path of a push writes thousands of rows per batch (issue 14, decision 0490).
 * Kysely builds a 1000-row insert as an operation tree, compiles it and hands 15,000
 * parameters to the driver every batch; on PostgreSQL the server then parses and plans a
 * statement of 15,000 parameters each time. These helpers write the same rows, inside the
 * same transaction, without that:
 * - SQLite: one cached prepared single-row INSERT per table, run per row on the very
 *   connection the Kysely transaction holds (better-sqlite3 is synchronous and Kysely's
 *   SQLite driver hands its one connection to one transaction at a time);
 * - PostgreSQL: one INSERT … SELECT FROM jsonb_array_elements($1) per batch: one JSON
 *   parameter for all the rows, a plan PostgreSQL can reuse, the column types read once
 *   from the catalog.
 */

/** Carries the better-sqlite3 handle into every Kysely transaction (plugins travel with it). */
export class SqliteHandle implements KyselyPlugin {
  readonly statements = new Map<string, Database.Statement>();
  constructor(readonly file: Database.Database) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: works on any table of any schema
type AnyDb = Kysely<any>;

function sqliteHandle(db: AnyDb): SqliteHandle | undefined {
  for (const p of db.getExecutor().plugins) if (p instanceof SqliteHandle) return p;
  return undefined;
}

export const isPostgres = (db: AnyDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** The column name CamelCasePlugin gives a field (none of ours has digits). */
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** PostgreSQL column types by table, from the catalog (the schema is the migrations' own). */
const pgTypes = new Map<string, Map<string, string>>();

async function pgColumnTypes(db: AnyDb, table: string): Promise<Map<string, string>> {
  const known = pgTypes.get(table);
  if (known) return known;
  const { rows } = await sql<{ name: string; type: string }>`
    select column_name as name, udt_name as type from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  const types = new Map(rows.map((r) => [r.name, r.type]));
  pgTypes.set(table, types);
  return types;
}

/**
 * Rows one multi-row statement takes. 500 rows of up to 65 columns stay under SQLite's
 * 32,766 bound parameters, however many rows a push or an import brings (0452): a statement
 * over the limit fails, and a push that always fails stalls its till for good.
 */
export const ROWS_PER_STATEMENT = 500;

/**
 * Runs `statement` on `rows` ROWS_PER_STATEMENT at a time, one after another (in the caller's
 * transaction), and returns what the statements returned, in order.
 */
export async function inChunks<T, R>(
  rows: readonly T[],
  statement: (chunk: T[]) => Promise<readonly R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    out.push(...(await statement(rows.slice(i, i + ROWS_PER_STATEMENT))));
  return out;
}

export interface BulkInsert<Row> {
  /** Kysely's name of the table (camelCase). */
  table: string;
  /** Every field written, in one fixed order. */
  columns: readonly (keyof Row & string)[];
  /** A fixed ON CONFLICT clause in SQL column names, appended as it is. */
  onConflict?: string;
}

/**
 * Inserts `rows` in the caller's transaction; a constraint violation throws as Kysely's
 * insert did (unless `onConflict` says otherwise). Returns the rows written: with
 * `ON CONFLICT DO NOTHING`, fewer than given when some were skipped.
 */
export async function insertRows<Row extends object>(
  db: AnyDb,
  spec: BulkInsert<Row>,
  rows: readonly Row[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const table = snake(spec.table);
  const cols = spec.columns.map(snake);
  const conflict = spec.onConflict ? ` ${spec.onConflict}` : '';
  const handle = sqliteHandle(db);
  if (handle) {
    const text = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})${conflict}`;
    let stmt = handle.statements.get(text);
    if (!stmt) {
      stmt = handle.file.prepare(text);
      handle.statements.set(text, stmt);
    }
    const values: unknown[] = new Array(cols.length);
    const fields = spec.columns;
    let written = 0;
    for (const row of rows) {
      for (let i = 0; i < fields.length; i++) values[i] = (row as Record<string, unknown>)[fields[i]!];
      written += stmt.run(values).changes;
    }
    return written;
  }
  if (isPostgres(db)) {
    const types = await pgColumnTypes(db, table);
    const casts = cols.map((c, i) => {
      const type = types.get(c);
      if (!type) throw new Error(`bulk insert: ${table}.${c} is not a column`);
      return `(r->>${i})::${type}`;
    });
    // The rows as one JSON array of arrays, in column order: JSON.stringify is native, where
    // pg escaped every element of 15 array parameters (each entry body through two regex
    // replaces), and that with the garbage it made was a quarter of the Node process on a
    // push. The values are strings, safe integers and nulls; `->>` gives each back as text.
    const fields = spec.columns;
    const values = rows.map((row) => {
      const v: unknown[] = new Array(fields.length);
      for (let i = 0; i < fields.length; i++) v[i] = (row as Record<string, unknown>)[fields[i]!] ?? null;
      return v;
    });
    const result =
      await sql`insert into ${sql.raw(table)} (${sql.raw(cols.join(', '))}) select ${sql.raw(casts.join(', '))} from jsonb_array_elements(${JSON.stringify(values)}::jsonb) as rows(r)${sql.raw(conflict)}`.execute(
        db,
      );
    return Number(result.numAffectedRows ?? 0);
  }
  throw new Error('bulk insert: neither SQLite nor PostgreSQL');
}

/**
 * `ref IN (values)` with one parameter for the whole list, so the statement text is the
 * same for every list and every length: `ref = any($1)` with an array on PostgreSQL,
 * `ref IN (SELECT value FROM json_each(?))` with a JSON array on SQLite. Kysely built a
 * 1000-value IN list node by node for every batch, and SQLite bound 1000 parameters.
 * The values are ids (strings): json_each gives back the very strings.
 */
export function oneOf(
  db: AnyDb,
  // biome-ignore lint/suspicious/noExplicitAny: any table's expression builder
  eb: ExpressionBuilder<any, any>,
  ref: string,
  values: readonly string[],
): Expression<SqlBool> {
  return isPostgres(db)
    ? eb(ref, '=', sql`any(${values})`)
    : eb(ref, 'in', sql`(select value from json_each(${JSON.stringify(values)}))`);
}
