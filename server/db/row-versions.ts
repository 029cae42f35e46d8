import { type Kysely, type Migration, SqliteAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/** Master tables a till pulls, with the column naming their township. */
export const VERSIONED_TABLES = [
  ['townships', 'id'],
  ['villages', 'township_id'],
  ['shops', 'township_id'],
  ['clerks', 'township_id'],
  ['households', 'township_id'],
  ['members', 'township_id'],
  ['cards', 'township_id'],
  ['rules', 'township_id'],
  ['products', 'township_id'],
] as const;

/**
 * Per-row versions of master data (decision 0701): every insert or update of a master
 * row stamps it with the version its township's counter is about to reach, so a pull
 * sends only rows changed after the till's version. A trigger does the stamping, so no
 * writer (officer upsert, console page, journal projection) can forget it. On
 * PostgreSQL the trigger locks the township's counter row first (FOR UPDATE): a second
 * writer waits, then stamps with the version after the first one's, so a till can never
 * record a version whose rows have not all committed. SQLite has one writer anyway.
 */
export const rowVersions: Migration = {
  async up(db: AnyDb) {
    const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    for (const [table, township] of VERSIONED_TABLES) {
      await db.schema
        .alterTable(table)
        .addColumn('row_version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      if (table !== 'townships') {
        await db.schema
          .createIndex(`${table}_row_version`)
          .on(table)
          .columns([township, 'row_version'])
          .execute();
      }
      if (sqlite) {
        const key = table === 'cards' ? 'uid' : 'id';
        const stamp = `UPDATE ${table} SET row_version = COALESCE((SELECT value FROM counters WHERE name = 'master:' || NEW.${township}), 0) + 1 WHERE ${key} = NEW.${key};`;
        await sql
          .raw(`CREATE TRIGGER ${table}_row_version_ins AFTER INSERT ON ${table} BEGIN ${stamp} END`)
          .execute(db);
        // recursive_triggers is off, so the stamping UPDATE does not fire this again.
        await sql
          .raw(`CREATE TRIGGER ${table}_row_version_upd AFTER UPDATE ON ${table} BEGIN ${stamp} END`)
          .execute(db);
      }
    }
    if (sqlite) return;
    for (const [table, township] of VERSIONED_TABLES) {
      await sql
        .raw(
          `CREATE FUNCTION jifen_row_version_${table}() RETURNS trigger AS $$
           DECLARE v bigint;
           BEGIN
             SELECT value INTO v FROM counters WHERE name = 'master:' || NEW.${township} FOR UPDATE;
             NEW.row_version := COALESCE(v, 0) + 1;
             RETURN NEW;
           END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_row_version BEFORE INSERT OR UPDATE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION jifen_row_version_${table}()`,
        )
        .execute(db);
    }
  },
};
