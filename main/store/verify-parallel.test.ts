import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { verifyStore } from './verify';
import { verifyFileParallel } from './verify-parallel';

/**
 * verify on worker threads (main/store/verify-parallel.ts) must write exactly the report
 * the one-thread verify writes, for an intact file and for each change made behind the
 * store's back: at a seq range boundary, inside a range, in balances and in stock. The
 * fixture is small, so the parallel path is forced (minEntries 0) with three ranges
 * shared by this thread and the workers, and once with ranges of five entries.
 */
let f: TillFixture;
let deviceId: string;
let n: number;
beforeAll(() => {
  f = tillFixture();
  deviceId = f.store.deviceId;
  n = f.store.db.prepare('SELECT max(seq) FROM journal').pluck().get() as number;
  f.store.close();
});
afterAll(() => f.cleanup());

let copies = 0;
/** A committed copy of the fixture with `sql` run on it, the append-only triggers dropped. */
function changedCopy(sql: (b: number) => string): string {
  const path = join(f.dir, `changed-${++copies}.db`);
  copyFileSync(f.path, path);
  const db = new Database(path);
  try {
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_%'")
      .pluck()
      .all() as string[];
    for (const t of triggers) db.exec(`DROP TRIGGER ${t}`);
    db.exec(sql(Math.floor(n / 3)));
  } finally {
    db.close();
  }
  return path;
}

function singleThread(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return verifyStore(db, deviceId);
  } finally {
    db.close();
  }
}

describe('verify on worker threads', () => {
  it('passes the intact file with the same counts, on 1 and 3 workers and on the small-file path', async () => {
    expect(n).toBeGreaterThan(30);
    const one = singleThread(f.path);
    expect(one.ok).toBe(true);
    for (const [workers, rangeSize] of [
      [1, Math.floor(n / 3)],
      [3, Math.floor(n / 3)],
      [2, 5],
    ]) {
      expect(await verifyFileParallel(f.path, deviceId, { workers, minEntries: 0, rangeSize })).toEqual(one);
    }
    expect(await verifyFileParallel(f.path, deviceId)).toEqual(one);
  });

  // b is the last seq of the first of three ranges.
  it.each([
    ['an entry at a range boundary deleted', (b: number) => `DELETE FROM journal WHERE seq = ${b}`],
    [
      'the last sale deleted',
      () => "DELETE FROM journal WHERE seq = (SELECT max(seq) FROM journal WHERE kind = 'sale')",
    ],
    [
      'a whole range deleted',
      (b: number) => `DELETE FROM journal WHERE seq > ${b} AND seq <= ${Math.floor((2 * n) / 3)}`,
    ],
    [
      'a prevHash after a boundary changed',
      (b: number) => `UPDATE journal SET prev_hash = hash WHERE seq = ${b + 1}`,
    ],
    [
      'a hash before a boundary changed',
      (b: number) => `UPDATE journal SET hash = '${'0'.repeat(64)}' WHERE seq = ${b}`,
    ],
    [
      'the last entry deleted after the township acknowledged it',
      () => `DELETE FROM journal WHERE seq = (SELECT max(seq) FROM journal);
        INSERT INTO settings (key, value) VALUES ('sync.enrolment', json_object('deviceId', '${deviceId}')),
          ('sync.pushed_through', (SELECT max(seq) FROM journal) + 1)`,
    ],
    ['a points row changed', () => 'UPDATE points_entries SET amount = amount + 1 WHERE rowid = 1'],
    ['a balance changed', () => 'UPDATE balances SET balance = balance + 1 WHERE rowid = 1'],
    ['a stock level changed', () => 'UPDATE stock_levels SET qty = qty + 1 WHERE rowid = 1'],
    [
      'a stock card changed',
      () =>
        'UPDATE stock_ledger SET avg_cost_after_fen = avg_cost_after_fen + 1 WHERE rowid = (SELECT max(rowid) FROM stock_ledger)',
    ],
  ])('writes the one-thread report when %s', async (_, sql) => {
    const path = changedCopy(sql);
    const one = singleThread(path);
    expect(one.ok).toBe(false);
    const many = await verifyFileParallel(path, deviceId, {
      workers: 2,
      minEntries: 0,
      rangeSize: Math.floor(n / 3),
    });
    const { discrepancies, ...counts } = one;
    expect(many).toMatchObject(counts);
    // With an entry missing but its rows kept, the row-by-row comparison pairs rows by
    // position inside a chunk, and chunks start where ranges start: the wording of those
    // follow-on row lines may differ. Everything else is the same list in the same order.
    const rest = (ds: typeof discrepancies) => ds.filter((d) => d.kind !== 'ledger-row');
    const tables = (ds: typeof discrepancies) =>
      new Set(ds.flatMap((d) => (d.kind === 'ledger-row' ? [d.table] : [])));
    expect(rest(many.discrepancies)).toEqual(rest(discrepancies));
    expect(tables(many.discrepancies)).toEqual(tables(discrepancies));
    if (sql(0).includes('pushed_through'))
      expect(many.discrepancies).toContainEqual(
        expect.objectContaining({ kind: 'chain', detail: expect.stringMatching(/^entries missing/) }),
      );
    if (!sql(0).startsWith('DELETE FROM journal')) expect(many.discrepancies).toEqual(discrepancies);
  });
});
