import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tillFixture } from '../../tests/support/till-fixture';
import { migrate, openDatabase, schemaVersion } from './database';
import { LATEST_VERSION, migrations } from './migrations';
import { TillStore } from './till-store';
import { verifyStore } from './verify';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'till-mig-'));
  dirs.push(dir);
  return join(dir, 'till.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('builds the latest schema from an empty file', () => {
    const path = tempDb();
    const store = new TillStore(path);
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(verifyStore(store.db, store.deviceId).ok).toBe(true);
    store.close();
  });

  for (let from = 1; from < LATEST_VERSION; from++) {
    it(`upgrades a version ${from} database, keeping its data and a backup copy`, () => {
      const path = tempDb();
      const db = openDatabase(path);
      migrate(db, path, migrations.slice(0, from));
      db.prepare("INSERT INTO settings (key, value) VALUES ('marker', '\"kept\"')").run();
      db.close();
      const store = new TillStore(path);
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(store.getSetting('marker')).toBe('kept');
      store.close();
      const backup = `${path}.before-v${from + 1}.bak`;
      expect(existsSync(backup)).toBe(true);
      const old = openDatabase(backup, { readonly: true });
      expect(schemaVersion(old)).toBe(from);
      old.close();
    });
  }

  it('refuses a database written by a newer app with a clear message and leaves it alone', () => {
    const path = tempDb();
    new TillStore(path).close();
    const db = openDatabase(path);
    db.pragma(`user_version = ${LATEST_VERSION + 3}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = statSync(path).size;
    try {
      new TillStore(path);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'DATABASE_TOO_NEW', details: { found: LATEST_VERSION + 3 } });
      expect((e as { zh: string }).zh).toMatch(/更新版本/);
    }
    expect(statSync(path).size).toBe(size);
  });

  it('version 9 makes an enrolled till pull its whole master data again, for the door plates', () => {
    const path = tempDb();
    const db = openDatabase(path);
    migrate(db, path, migrations.slice(0, 8));
    db.prepare("INSERT INTO settings (key, value) VALUES ('sync.master_version', '41')").run();
    db.close();
    const store = new TillStore(path);
    expect(store.getSetting('sync.master_version')).toBe(0);
    expect(
      store
        .sql('SELECT count(*) FROM pragma_table_info(?) WHERE name = ?')
        .pluck()
        .get('households', 'plate'),
    ).toBe(1);
    store.close();
  });
  it('version 11 drops the sales index no query reads, keeping every sale and a clean verify', () => {
    const f = tillFixture();
    const sales = f.store.sql('SELECT count(*) FROM sales').pluck().get() as number;
    f.store.close();
    // The version 10 file: the same tables with the index that 0011 drops.
    const db = openDatabase(f.path);
    db.exec('CREATE INDEX sales_household ON sales(household_id, at)');
    db.pragma('user_version = 10');
    db.close();
    const index = (s: TillStore) =>
      s
        .sql("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'sales_household'")
        .pluck()
        .get();
    const store = new TillStore(f.path);
    try {
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(index(store)).toBe(0);
      expect(sales).toBeGreaterThan(0);
      expect(store.sql('SELECT count(*) FROM sales').pluck().get()).toBe(sales);
      expect(verifyStore(store.db, store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
      expect(existsSync(`${f.path}.before-v11.bak`)).toBe(true);
    } finally {
      store.close();
      f.cleanup();
    }
  });

  it("version 14 drops awards_rule; a rule limit finds a household's awards through awards_household", () => {
    const f = tillFixture();
    f.store.close();
    const db = openDatabase(f.path);
    db.exec('CREATE INDEX awards_rule ON awards (rule_id, household_id, business_date)');
    db.pragma('user_version = 13');
    db.close();
    const store = new TillStore(f.path);
    try {
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(
        store
          .sql("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'awards'")
          .pluck()
          .all(),
      ).toEqual(['sqlite_autoindex_awards_1', 'awards_household', 'awards_pending', 'awards_posted']);
      const plan = store
        .sql(
          `EXPLAIN QUERY PLAN SELECT count(*) FROM awards WHERE rule_id = ? AND household_id = ?
           AND member_id IS NULL AND status IN ('pending', 'approved') AND reversed_by IS NULL`,
        )
        .all('r', 'h') as { detail: string }[];
      expect(plan.map((p) => p.detail)).toEqual([
        'SEARCH awards USING INDEX awards_household (household_id=?)',
      ]);
      expect(existsSync(`${f.path}.before-v14.bak`)).toBe(true);
    } finally {
      store.close();
      f.cleanup();
    }
  });
});
