import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import { SqliteHandle } from './bulk';
import { migrate } from './migrations';
import type { Dialect, ServerDatabase } from './schema';

export type Db = Kysely<ServerDatabase>;

export interface ServerDb {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

// BIGINT and NUMERIC (sums) come back as strings from pg; every value we store fits a
// JS safe integer (points and fen are bounded), so parse them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** PostgreSQL when a URL is given, else an embedded SQLite file (zero set-up). */
export async function openServerDb(opts: { databaseUrl?: string; sqliteFile: string }): Promise<ServerDb> {
  let db: Db;
  let dialect: Dialect;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    db = new Kysely<ServerDatabase>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
    });
    dialect = 'postgres';
  } else {
    const file = new Database(opts.sqliteFile);
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('busy_timeout = 5000');
    db = new Kysely<ServerDatabase>({
      dialect: new SqliteDialect({ database: withStatementCache(file) }),
      // The handle rides along into transactions for the push's prepared inserts (bulk.ts).
      plugins: [new CamelCasePlugin(), new SqliteHandle(file)],
    });
    dialect = 'sqlite';
  }
  await migrate(db);
  return { db, dialect, close: () => db.destroy() };
}

/**
 * Kysely prepares every query afresh; a push runs the same few statements (1000-row
 * inserts among them) batch after batch, and preparing them was a fifth of its CPU
 * (issue 14). Statements are kept by SQL text, least recently used out first; one still
 * iterating a stream is never handed out twice.
 */
function withStatementCache(file: Database.Database, size = 256): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => file.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = file.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}
