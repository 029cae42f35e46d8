import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Breaks a live till file the way a failing disk does: the pages of `table` (and its
 * indexes) are overwritten with garbage. A write from this second connection then makes
 * every other connection drop its page cache, so its next read of `table` meets
 * SQLITE_CORRUPT, in this process or another.
 */
export function corruptTablePages(path: string, table: string): void {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const roots = db
      .prepare('SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0')
      .pluck()
      .all(table) as number[];
    const fd = openSync(path, 'r+');
    try {
      for (const page of roots)
        writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (page - 1) * pageSize);
    } finally {
      closeSync(fd);
    }
    db.exec('CREATE TABLE corrupted_marker (x)');
  } finally {
    db.close();
  }
}
