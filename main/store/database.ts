import { copyFileSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tillError } from '../../src/errors';
import { migrations as allMigrations, LATEST_VERSION, type Migration } from './migrations';

export type Db = Database.Database;

/**
 * Opens the till database with the settings that make a commit durable:
 * WAL with synchronous=FULL set explicitly (better-sqlite3 leaves WAL at NORMAL,
 * which can lose the last sales on power loss), foreign keys on, a busy timeout.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (e) {
    throw tillError(
      'DATABASE_UNAVAILABLE',
      `无法打开账本数据库：${path}（${(e as Error).message}）`,
      `Cannot open the ledger database: ${path} (${(e as Error).message})`,
      { path },
    );
  }
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoints happen off the sale path (checkpointWhenIdle); the automatic one only
  // stops the WAL growing without bound if the till never idles.
  db.pragma('wal_autocheckpoint = 10000');
  // SQLite's default 2 MiB page cache holds a small till's indexes but not a township's:
  // past ~30k entries each pulled entry's dozen index inserts read their pages back from
  // the OS and spill dirty ones to the WAL mid-transaction, so a 100k pull ran at half the
  // speed (issue 14, decision 0495). A bound, not an allocation: pages are taken only as they are touched.
  db.pragma('cache_size = -65536');
  return db;
}

/**
 * Folds the WAL back into the database every `everyMs` without blocking anyone
 * (PASSIVE), so a sale's commit rarely pays for a checkpoint.
 */
export function checkpointWhenIdle(db: Db, everyMs = 30_000): () => void {
  const timer = setInterval(() => {
    if (db.open && !db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs pending forward migrations, each in its own transaction, after copying the
 * file aside (path + ".before-v<N>.bak") when it already holds data. A database
 * written by a newer app is refused with a clear message instead of being touched.
 */
export function migrate(
  db: Db,
  path: string,
  list: readonly Migration[] = allMigrations,
): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = list.length === allMigrations.length ? LATEST_VERSION : list.length;
  if (from > latest) {
    throw tillError(
      'DATABASE_TOO_NEW',
      `此数据库由更新版本的收银软件创建（结构版本 ${from}，本软件支持到 ${latest}）。请升级软件，勿用旧版本打开。`,
      `This database was written by a newer till (schema version ${from}; this app knows up to ${latest}). Update the app; do not open it with an older one.`,
      { found: from, supported: latest },
    );
  }
  const pending = list.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  if (from > 0 && path !== ':memory:' && existsSync(path)) backupBeforeMigration(db, path, from);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: pending.at(-1)!.version };
}

function backupBeforeMigration(db: Db, path: string, version: number): void {
  // A checkpoint first folds the WAL into the main file, so the copy is whole.
  db.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(path, `${path}.before-v${version + 1}.bak`);
}
