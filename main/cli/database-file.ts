import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { tillError } from '../../src/errors';
import { type Db, LATEST_VERSION, openDatabase, schemaVersion } from '../store';

/** Same default as the till service: $JIFEN_DATA_DIR/till.db, else .till-data/till.db. */
export function dbPathFrom(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(value ?? join(env.JIFEN_DATA_DIR ?? '.till-data', 'till.db'));
}

export function requireFile(path: string): void {
  if (!existsSync(path)) {
    throw tillError('DATABASE_UNAVAILABLE', `找不到数据库文件：${path}`, `Database file not found: ${path}`, {
      path,
    });
  }
}

/**
 * Opens a till database read-only, so checking it never migrates or writes it (the
 * till may be running). A file from a newer app is refused before any query.
 */
export function openReadOnly(path: string): Db {
  requireFile(path);
  const db = openDatabase(path, { readonly: true });
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) {
    db.close();
    throw tillError(
      'DATABASE_TOO_NEW',
      `此数据库由更新版本的收银软件创建（结构版本 ${version}，本软件支持到 ${LATEST_VERSION}），请升级软件`,
      `This database was written by a newer till (schema ${version}; this app knows up to ${LATEST_VERSION}); update the app`,
    );
  }
  if (version === 0) {
    db.close();
    throw tillError('DATABASE_UNAVAILABLE', `不是收银台数据库：${path}`, `Not a till database: ${path}`);
  }
  return db;
}

export function deviceIdOf(db: Db): string {
  const raw = db.prepare("SELECT value FROM settings WHERE key = 'device.id'").pluck().get() as
    | string
    | undefined;
  if (raw === undefined) {
    throw tillError('DATABASE_UNAVAILABLE', '数据库缺少设备编号', 'The database has no device id');
  }
  return JSON.parse(raw) as string;
}

/**
 * True when another connection (a running till, a backup) has the file open. A WAL
 * connection holds a shared lock on the database file for as long as it is open, so
 * an exclusive lock taken without waiting fails exactly then.
 */
export function inUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw e;
  } finally {
    db.close();
  }
}

export function refuseInUse(path: string, zhAction: string, enAction: string): void {
  if (inUse(path)) {
    throw tillError(
      'DATABASE_UNAVAILABLE',
      `数据库正在被使用（收银台是否在运行？）：${path}。请先关闭收银台再${zhAction}。`,
      `The database is in use (is the till running?): ${path}. Stop the till before you ${enAction}.`,
      { path },
    );
  }
}
