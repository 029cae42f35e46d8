import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids';
import { GENESIS_HASH, type JournalEntry } from '../../src/journal';
import { caught } from '../../tests/support/caught';
import { awardEntry, ledgerCounts, type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { verifyStore } from './verify';

let f: TillFixture;
beforeEach(() => {
  f = tillFixture();
});
afterEach(() => f.cleanup());

describe('the device journal', () => {
  it('chains every entry with a gap-free sequence and materialises the balance in the same transaction', () => {
    const household = f.householdOf(f.cards.poor);
    const before = f.store.balance(household);
    const seq = f.store.lastSeq();
    const e = f.store.append(awardEntry(f, household, 50));
    expect(e.seq).toBe(seq + 1);
    expect(e.prevHash).toBe(f.store.journalAfter(seq - 1, 1)[0]!.hash);
    expect(f.store.balance(household)).toBe(before + 50);
    expect(f.store.journalAfter(0, 1)[0]!.prevHash).toBe(GENESIS_HASH);
    expect(verifyStore(f.store.db, f.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
  });

  it.each([
    ['zero', 0],
    ['NaN', Number.NaN],
    ['fractional beyond hundredths', 12.5],
    ['absurdly large', 1e13],
  ])('refuses a %s amount with a typed error and writes nothing', (_label, amount) => {
    const before = ledgerCounts(f.store);
    expect(() => f.store.append(awardEntry(f, f.householdOf(f.cards.poor), amount))).toThrow(/INVALID_INPUT/);
    expect(ledgerCounts(f.store)).toEqual(before);
  });

  it('refuses an unknown household and a duplicate entry id, writing nothing', () => {
    const before = ledgerCounts(f.store);
    expect(() => f.store.append(awardEntry(f, newId(f.clock), 100))).toThrow();
    expect(ledgerCounts(f.store)).toEqual(before);
    const e = f.store.append(awardEntry(f, f.householdOf(f.cards.poor), 100));
    const again = ledgerCounts(f.store);
    expect(() => f.store.append(awardEntry(f, f.householdOf(f.cards.poor), 100, e.id))).toThrow(
      /DUPLICATE_ENTRY/,
    );
    expect(ledgerCounts(f.store)).toEqual(again);
  });

  it('keeps an outer transaction when a nested one fails and is caught, and undoes all of a failed outer one', () => {
    const household = f.householdOf(f.cards.poor);
    const before = ledgerCounts(f.store);
    const balance = f.store.balance(household);
    f.store.transaction(() => {
      f.store.append(awardEntry(f, household, 40));
      expect(() =>
        f.store.transaction(() => {
          f.store.append(awardEntry(f, household, 1000));
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(f.store.balance(household)).toBe(balance + 40);
    expect(ledgerCounts(f.store).journal).toBe(before.journal! + 1);
    const after = ledgerCounts(f.store);
    expect(() =>
      f.store.transaction(() => {
        f.store.append(awardEntry(f, household, 7));
        f.store.transaction(() => f.store.append(awardEntry(f, household, 8)));
        throw new Error('outer');
      }),
    ).toThrow('outer');
    expect(ledgerCounts(f.store)).toEqual(after);
    expect(f.store.db.inTransaction).toBe(false);
    expect(() => f.store.transaction(() => Promise.resolve(1))).toThrow(/promise/);
    expect(f.store.db.inTransaction).toBe(false);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('lets no caller commit half of an append it caught: one that failed after it began writing tears its transaction', () => {
    const household = f.householdOf(f.cards.poor);
    const before = ledgerCounts(f.store);
    const balance = f.store.balance(household);
    let caught: unknown = null;
    // Directly in the store's own transaction an append runs without a savepoint (decision 0462).
    expect(() =>
      f.store.transaction(() => {
        f.store.append(awardEntry(f, household, 40));
        try {
          // Its journal row is written, then the balance's foreign key refuses the unknown household.
          f.store.append(awardEntry(f, newId(f.clock), 100));
        } catch (e) {
          caught = e;
        }
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(String(caught)).toMatch(/FOREIGN KEY/);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(f.store.balance(household)).toBe(balance);
    expect(f.store.db.inTransaction).toBe(false);

    // Refused before it wrote anything (a duplicate id, a bad amount): the caller may go on and commit.
    const e = f.store.append(awardEntry(f, household, 5));
    f.store.transaction(() => {
      expect(() => f.store.append(awardEntry(f, household, 100, e.id))).toThrow(/DUPLICATE_ENTRY/);
      expect(() => f.store.append(awardEntry(f, household, 0))).toThrow(/INVALID_INPUT/);
      f.store.append(awardEntry(f, household, 6));
    });
    expect(f.store.balance(household)).toBe(balance + 11);
    expect(ledgerCounts(f.store).journal).toBe(before.journal! + 2);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('moves a sale’s stock levels in one statement exactly as one move at a time did: a product twice, a level not there yet', () => {
    const household = f.householdOf(f.cards.poor);
    const towel = f.product('毛巾');
    const level = (shopId: string) =>
      f.store.db
        .prepare('SELECT qty, avg_cost_fen AS avg FROM stock_levels WHERE product_id = ? AND shop_id = ?')
        .get(towel.id, shopId);
    const before = level(f.ctx.shopId) as { qty: number; avg: number };
    const sale = (shopId: string, lines: [qty: number, unitCostFen: number][]) => {
      const points = lines.map(([qty]) => qty * towel.pricePoints);
      const total = points.reduce((a, b) => a + b, 0);
      const balance = f.store.balance(household);
      f.store.append({
        ...f.store.header(f.clerk.id),
        kind: 'sale',
        body: {
          shopId,
          householdId: household,
          cardUid: f.cards.poor,
          receiptNo: `T-${newId(f.clock).slice(-6)}`,
          lines: lines.map(([qty, unitCostFen], i) => ({
            productId: towel.id,
            name: '毛巾',
            qty,
            unitPoints: towel.pricePoints,
            points: points[i]!,
            unitCostFen,
            isService: false,
          })),
          totalPoints: total,
          balanceBefore: balance,
          balanceAfter: balance - total,
          shiftId: null,
        },
      });
    };
    sale(f.ctx.shopId, [
      [2, 1],
      [3, 2],
    ]);
    // Outflows keep the average.
    expect(level(f.ctx.shopId)).toEqual({ qty: before.qty - 5, avg: before.avg });
    // A shop with no level yet: the first move starts it at its cost, the second keeps that.
    const elsewhere = newId(f.clock);
    sale(elsewhere, [
      [1, 700],
      [2, 800],
    ]);
    expect(level(elsewhere)).toEqual({ qty: -3, avg: 700 });
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('refuses UPDATE and DELETE of ledger rows in the database itself', () => {
    for (const sql of [
      'UPDATE journal SET body = body',
      'DELETE FROM journal',
      'UPDATE points_entries SET amount = amount + 1',
      'DELETE FROM stock_moves',
      'UPDATE sales SET total_points = 0',
      'DELETE FROM sale_lines',
    ]) {
      expect(() => f.store.db.exec(sql), sql).toThrow(/LEDGER_IMMUTABLE/);
    }
  });

  it('finds a ledger row edited behind the store’s back', () => {
    f.store.close();
    const raw = new Database(f.path);
    raw.exec('DROP TRIGGER points_entries_no_update');
    raw
      .prepare(
        "UPDATE points_entries SET amount = amount + 10000 WHERE rowid = (SELECT max(rowid) FROM points_entries WHERE kind = 'award')",
      )
      .run();
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare("UPDATE journal SET body = json_set(body, '$.reason', '改过') WHERE seq = 5").run();
    const report = verifyStore(
      raw,
      raw
        .prepare("SELECT json_extract(value, '$') FROM settings WHERE key = 'device.id'")
        .pluck()
        .get() as string,
    );
    raw.close();
    expect(report.ok).toBe(false);
    const kinds = report.discrepancies.map((d) => d.kind);
    expect(kinds).toContain('ledger-row');
    expect(kinds).toContain('balance');
    expect(report.discrepancies).toContainEqual(expect.objectContaining({ kind: 'chain', seq: 5 }));
  });

  it('finds a materialised balance or stock level changed behind the store’s back', () => {
    f.store.db.prepare('UPDATE balances SET balance = balance + 1 WHERE rowid = 1').run();
    f.store.db.prepare('UPDATE stock_levels SET qty = qty - 1 WHERE rowid = 1').run();
    const kinds = verifyStore(f.store.db, f.store.deviceId).discrepancies.map((d) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['balance', 'stock']));
  });

  it('keeps foreign entries apart, counts them in balances, and applies them once', () => {
    const other = tillFixture({ ownDevice: true });
    try {
      const household = f.householdOf(f.cards.rich);
      // The other till shares master data ids only through sync; reuse our household id on its side.
      other.store.db.pragma('foreign_keys = OFF');
      const foreign = other.store.append({ ...awardEntry(other, household, 700) }) as JournalEntry;
      const before = f.store.balance(household);
      expect(f.store.applyForeign([foreign])).toEqual({ applied: 1, skipped: 0 });
      expect(f.store.applyForeign([foreign])).toEqual({ applied: 0, skipped: 1 });
      expect(f.store.balance(household)).toBe(before + 700);
      const ownSeq = f.store.lastSeq();
      expect(f.store.append(awardEntry(f, household, 5)).seq).toBe(ownSeq + 1);
      expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
      const tampered = { ...foreign, id: newId(f.clock), seq: foreign.seq + 1 };
      expect(() => f.store.applyForeign([tampered])).toThrow(/SYNC_REFUSED/);
    } finally {
      other.cleanup();
    }
  });
});

describe('pulled pages held open in one transaction (decision 0471)', () => {
  it('are committed whole, each with its cursor, by a sale at the counter, which then commits on its own', () => {
    const other = tillFixture({ ownDevice: true });
    const reader = new Database(f.path, { readonly: true });
    try {
      const household = f.householdOf(f.cards.rich);
      other.store.db.pragma('foreign_keys = OFF');
      const pulled = [700, 800, 900].map(
        (a) => other.store.append(awardEntry(other, household, a)) as JournalEntry,
      );
      const before = f.store.balance(household);
      // What another connection sees: only what is committed.
      const committed = () => ({
        foreign: reader.prepare('SELECT count(*) FROM foreign_entries').pluck().get(),
        cursor: reader.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get() ?? null,
        balance: reader.prepare('SELECT balance FROM balances WHERE household_id = ?').pluck().get(household),
      });
      const start = committed();
      const page = (i: number) =>
        f.store.holdOpen(() => {
          f.store.applyForeign([pulled[i]!]);
          f.store.setSetting('sync.cursor', i + 1);
        });
      page(0);
      page(1);
      // A page that fails is undone alone; the pages held before it stay.
      expect(() =>
        f.store.holdOpen(() => {
          page(2);
          throw new Error('page 3 fails');
        }),
      ).toThrow('page 3 fails');
      expect(f.store.holdsOpen).toBe(true);
      expect(committed()).toEqual(start);
      expect(f.store.balance(household)).toBe(before + 1500);

      const sale = f.store.append(awardEntry(f, household, 5));
      expect(f.store.holdsOpen).toBe(false);
      expect(committed()).toEqual({
        foreign: Number(start.foreign) + 2,
        cursor: '2',
        balance: before + 1505,
      });
      expect(reader.prepare('SELECT count(*) FROM journal WHERE id = ?').pluck().get(sale.id)).toBe(1);

      // The sale marked the counter in use: the next page is committed on its own at once (0472).
      page(2);
      expect(f.store.holdsOpen).toBe(false);
      expect(committed()).toMatchObject({ cursor: '3', balance: before + 2405 });
      expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
    } finally {
      reader.close();
      other.cleanup();
    }
  });

  it('are seen and left held by a read on the store (the heartbeat); a write through sql or the raw db commits them first (0472)', () => {
    const other = tillFixture({ ownDevice: true });
    const reader = new Database(f.path, { readonly: true });
    try {
      const household = f.householdOf(f.cards.rich);
      other.store.db.pragma('foreign_keys = OFF');
      const pulled = [700, 800, 900].map(
        (a) => other.store.append(awardEntry(other, household, a)) as JournalEntry,
      );
      const committed = () => ({
        foreign: reader.prepare('SELECT count(*) FROM foreign_entries').pluck().get() as number,
        cursor: reader.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get() ?? null,
      });
      const start = committed();
      const page = (i: number) =>
        f.store.holdOpen(() => {
          f.store.applyForeign([pulled[i]!]);
          f.store.setSetting('sync.cursor', i + 1);
        });
      const points = () =>
        f.store.sql('SELECT count(*) FROM points_entries WHERE household_id = ?').pluck().get(household);
      const pointsBefore = points();
      page(0);
      // The heartbeat's read, a read of master data, and one of a ledger table: each sees the held page.
      expect(f.store.sql('SELECT max(at) FROM journal').pluck().get()).toBeTypeOf('number');
      expect(f.store.sql('SELECT count(*) FROM foreign_entries').pluck().get()).toBe(start.foreign + 1);
      expect(points()).toBe(Number(pointsBefore) + 1);
      expect(f.store.holdsOpen).toBe(true);
      expect(committed()).toEqual(start);

      // A write through sql commits what is held before it runs.
      f.store.sql("UPDATE settings SET value = value WHERE key = 'device.id'").run();
      expect(f.store.holdsOpen).toBe(false);
      expect(committed()).toEqual({ foreign: start.foreign + 1, cursor: '1' });
      // The counter stayed quiet, so the next page is held again; the raw db commits it too.
      page(1);
      expect(f.store.holdsOpen).toBe(true);
      f.store.db.prepare('SELECT 1').get();
      expect(committed()).toEqual({ foreign: start.foreign + 2, cursor: '2' });
      expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
    } finally {
      reader.close();
      other.cleanup();
    }
  });

  describe('that SQLite rolls back by itself (a full database: max_page_count) are said not stored (0457)', () => {
    const notStored = (e: unknown) => {
      expect(e).toMatchObject({ code: 'TRANSACTION_ROLLED_BACK' });
      const { zh, en } = e as { zh: string; en: string };
      expect(zh).toMatch(/^拉取的数据未保存/);
      expect(en).toMatch(/^Pulled pages were not stored/);
    };

    /** Pages of one award each, and what another connection sees committed; the file may grow by `room` pages. */
    function setUp(room: number) {
      const other = tillFixture({ ownDevice: true });
      const reader = new Database(f.path, { readonly: true });
      const household = f.householdOf(f.cards.rich);
      other.store.db.pragma('foreign_keys = OFF');
      const pulled = Array.from(
        { length: 60 },
        (_, i) => other.store.append(awardEntry(other, household, 100 + i)) as JournalEntry,
      );
      const committed = () => ({
        foreign: reader.prepare('SELECT count(*) FROM foreign_entries').pluck().get() as number,
        cursor: reader.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get() ?? null,
        balance: reader.prepare('SELECT balance FROM balances WHERE household_id = ?').pluck().get(household),
      });
      const page = (i: number) =>
        f.store.holdOpen(() => {
          f.store.applyForeign([pulled[i]!]);
          f.store.setSetting('sync.cursor', i + 1);
        });
      const pages = f.store.db.pragma('page_count', { simple: true }) as number;
      f.store.db.pragma(`max_page_count = ${pages + room}`);
      return {
        household,
        pulled,
        committed,
        page,
        start: committed(),
        roomAgain: () => f.store.db.pragma('max_page_count = 1073741823'),
        cleanup: () => {
          reader.close();
          other.cleanup();
        },
      };
    }

    it('in a page: that hold throws, the pages held before it are gone with their cursor, and the next hold starts anew', () => {
      // No room to grow: a page's one-row insert that needs a new page fails with SQLITE_FULL,
      // and for a one-row statement SQLite rolls back the whole transaction, not the statement.
      const t = setUp(0);
      try {
        let held = 0;
        let failed: unknown = null;
        for (let i = 0; i < t.pulled.length && !failed; i++) {
          try {
            t.page(i);
            held++;
            expect(f.store.holdsOpen).toBe(true);
          } catch (e) {
            failed = e;
          }
        }
        expect(held).toBeGreaterThan(0);
        notStored(failed);
        expect((failed as { en: string }).en).toMatch(/full/);
        expect(f.store.holdsOpen).toBe(false);
        // Told once: the holder's commit after the failure (as the pull's) has nothing more to say.
        f.store.commitHeld();
        expect(t.committed()).toEqual(t.start);
        expect(f.store.getSetting('sync.cursor')).toBe(
          t.start.cursor === null ? null : Number(t.start.cursor),
        );
        expect(f.store.balance(t.household)).toBe(t.start.balance);

        // The cause gone, the same pages are stored, each once.
        t.roomAgain();
        for (let i = 0; i <= held; i++) t.page(i);
        f.store.commitHeld();
        const awarded = Array.from({ length: held + 1 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
        expect(t.committed()).toEqual({
          foreign: t.start.foreign + held + 1,
          cursor: String(held + 1),
          balance: Number(t.start.balance) + awarded,
        });
        expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
      } finally {
        t.cleanup();
      }
    });

    it('between pages: the next hold and commitHeld throw and write nothing, and a sale that finds them gone is stored', () => {
      const t = setUp(64);
      // A statement sql returned before the hold runs inside it when it is run later (0472): a
      // one-row insert of a megabyte into a table without triggers, more than the room left.
      f.store.db.exec('CREATE TABLE test_filler (v TEXT)');
      const filler = f.store.sql('INSERT INTO test_filler (v) VALUES (?)');
      const fill = () => {
        expect(() => filler.run('x'.repeat(1 << 20))).toThrow(/full/);
        expect(f.store.holdsOpen).toBe(true);
      };
      try {
        t.page(0);
        fill();
        // Before 0457 this page ran in autocommit and was committed on its own.
        notStored(caught(() => t.page(1)));
        expect(f.store.holdsOpen).toBe(false);
        expect(t.committed()).toEqual(t.start);

        t.page(0);
        fill();
        // Before 0457 this returned as if the page were stored.
        notStored(caught(() => f.store.commitHeld()));
        expect(t.committed()).toEqual(t.start);

        // A sale commits what is held first; finding it gone, it is stored on its own, and the
        // holder hears of the loss at its next hold.
        t.page(0);
        fill();
        const sale = f.store.append(awardEntry(f, t.household, 5));
        const afterSale = { ...t.start, balance: Number(t.start.balance) + 5 };
        expect(t.committed()).toEqual(afterSale);
        expect(f.store.journalAfter(sale.seq - 1, 1)[0]!.id).toBe(sale.id);
        notStored(caught(() => t.page(1)));
        expect(t.committed()).toEqual(afterSale);

        t.page(0);
        f.store.commitHeld();
        expect(t.committed()).toEqual({
          foreign: t.start.foreign + 1,
          cursor: '1',
          balance: afterSale.balance + 100,
        });
        expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
      } finally {
        t.cleanup();
      }
    });
  });
});
