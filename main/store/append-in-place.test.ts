import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids';
import { caught } from '../../tests/support/caught';
import { awardEntry, ledgerCounts, type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { verifyStore } from './verify';

/**
 * Adversarial cases for the append that runs without a savepoint of its own directly in
 * the store's transaction (decision 0462): whatever a caller catches, no half of an append
 * is committed, and nothing of a failed one is left for the next.
 */

let f: TillFixture;
beforeEach(() => {
  f = tillFixture();
});
afterEach(() => f.cleanup());

/** A sale of one line per product id given (qty 1 each), priced as the towel. */
function saleOf(f: TillFixture, productIds: string[]) {
  const household = f.householdOf(f.cards.poor);
  const towel = f.product('毛巾');
  const balance = f.store.balance(household);
  const total = productIds.length * towel.pricePoints;
  return {
    ...f.store.header(f.clerk.id),
    kind: 'sale' as const,
    body: {
      shopId: f.ctx.shopId,
      householdId: household,
      cardUid: f.cards.poor,
      receiptNo: `T-${newId(f.clock).slice(-6)}`,
      lines: productIds.map((productId) => ({
        productId,
        name: '毛巾',
        qty: 1,
        unitPoints: towel.pricePoints,
        points: towel.pricePoints,
        unitCostFen: 100,
        isService: false,
      })),
      totalPoints: total,
      balanceBefore: balance,
      balanceAfter: balance - total,
      shiftId: null,
    },
  };
}

const towelLevel = (f: TillFixture) =>
  f.store.db
    .prepare('SELECT qty FROM stock_levels WHERE product_id = ? AND shop_id = ?')
    .pluck()
    .get(f.product('毛巾').id, f.ctx.shopId) as number;

describe('an append without a savepoint of its own (0462)', () => {
  it('leaves nothing of a sale its stock refused for the next sale: a 51-line sale whose first 50 lines fail the foreign key', () => {
    const towel = f.product('毛巾');
    const household = f.householdOf(f.cards.poor);
    const level = towelLevel(f);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    // The first 50 lines go in one statement; an unknown product among them fails it.
    const bad = saleOf(f, [newId(f.clock), ...new Array<string>(50).fill(towel.id)]);
    expect(() => f.store.append(bad)).toThrow(/FOREIGN KEY/);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(towelLevel(f)).toBe(level);

    // The next sale moves its own two lines, and nothing of the refused one.
    f.store.append(saleOf(f, [towel.id, towel.id]));
    expect(towelLevel(f)).toBe(level - 2);
    expect(f.store.balance(household)).toBe(balance - 2 * towel.pricePoints);
    expect(verifyStore(f.store.db, f.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
  });

  it('commits nothing an append’s make wrote when make throws and the caller catches it', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    try {
      f.store.transaction(() => {
        try {
          f.store.appendNext(newId(f.clock), () => {
            // Reentrant: an append inside the one being made, then make fails.
            f.store.append(awardEntry(f, household, 30));
            throw new Error('make failed');
          });
        } catch (e) {
          expect(String(e)).toMatch(/make failed/);
        }
      });
    } catch (e) {
      // Refusing the whole transaction is as good as undoing make's writes.
      expect(String(e)).toMatch(/make failed/);
    }
    expect(f.store.db.inTransaction).toBe(false);
    expect(f.store.balance(household)).toBe(balance);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('commits nothing an append’s make wrote when the entry it made is refused (a duplicate id) and the caller catches it', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    const taken = f.store.append(awardEntry(f, household, 1));
    expect(() =>
      f.store.transaction(() => {
        expect(() =>
          f.store.appendNext(taken.id, () => {
            f.store.append(awardEntry(f, household, 30));
            return awardEntry(f, household, 2, taken.id);
          }),
        ).toThrow(/DUPLICATE_ENTRY/);
      }),
    ).toThrow(/DUPLICATE_ENTRY/);
    expect(f.store.balance(household)).toBe(balance + 1);
    expect(ledgerCounts(f.store).journal).toBe(before.journal! + 1);

    // A make that wrote nothing: its refusal leaves the transaction to commit the rest.
    f.store.transaction(() => {
      expect(() =>
        f.store.appendNext(newId(f.clock), () => {
          throw new Error('nothing to sell');
        }),
      ).toThrow('nothing to sell');
      f.store.append(awardEntry(f, household, 3));
    });
    expect(f.store.balance(household)).toBe(balance + 4);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('keeps its own savepoint in a nested transaction: a caught failure there lets the outer one commit the rest', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    f.store.transaction(() => {
      f.store.append(awardEntry(f, household, 11));
      f.store.transaction(() => {
        // Its journal row is written, then the balance's foreign key refuses the household.
        expect(() => f.store.append(awardEntry(f, newId(f.clock), 100))).toThrow(/FOREIGN KEY/);
        f.store.append(awardEntry(f, household, 12));
      });
    });
    expect(f.store.balance(household)).toBe(balance + 23);
    expect(ledgerCounts(f.store).journal).toBe(before.journal! + 2);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('keeps its own savepoint in a pulled page’s held transaction: a caught failure there is undone alone', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    f.store.holdOpen(() => {
      expect(() => f.store.append(awardEntry(f, newId(f.clock), 100))).toThrow(/FOREIGN KEY/);
      f.store.append(awardEntry(f, household, 13));
    });
    f.store.commitHeld();
    expect(f.store.db.inTransaction).toBe(false);
    expect(f.store.balance(household)).toBe(balance + 13);
    expect(ledgerCounts(f.store).journal).toBe(before.journal! + 1);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('keeps its own savepoint in a transaction the raw database began', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const db = f.store.db;
    db.transaction(() => {
      expect(() => f.store.append(awardEntry(f, newId(f.clock), 100))).toThrow(/FOREIGN KEY/);
      f.store.transaction(() => {
        expect(() => f.store.append(awardEntry(f, newId(f.clock), 100))).toThrow(/FOREIGN KEY/);
      });
      f.store.append(awardEntry(f, household, 14));
    })();
    expect(f.store.balance(household)).toBe(balance + 14);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('leaves no tear to the next transaction: after a refused commit, after a commit that itself threw', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    // Torn, refused at commit.
    expect(() =>
      f.store.transaction(() => {
        try {
          f.store.append(awardEntry(f, newId(f.clock), 100));
        } catch {}
      }),
    ).toThrow(/FOREIGN KEY/);
    f.store.transaction(() => f.store.append(awardEntry(f, household, 15)));
    expect(f.store.balance(household)).toBe(balance + 15);

    // Torn, and then COMMIT itself fails (a deferred foreign key), so nothing is refused by the tear first.
    expect(() =>
      f.store.transaction(() => {
        f.store.db.pragma('defer_foreign_keys = ON');
        f.store.append(awardEntry(f, newId(f.clock), 100));
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(f.store.db.inTransaction).toBe(false);
    f.store.transaction(() => f.store.append(awardEntry(f, household, 16)));
    expect(f.store.balance(household)).toBe(balance + 31);
    expect(verifyStore(f.store.db, f.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
  });
});

describe('an append after SQLite rolled the whole transaction back under the caller', () => {
  it('writes nothing outside it: no journal row without its balance, nothing the refused transaction seems to hold', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    // What a full disk or an I/O error may do: roll back the whole transaction, not the statement.
    f.store.db.exec(
      `CREATE TEMP TRIGGER roll_all BEFORE INSERT ON journal WHEN NEW.body LIKE '%"amount":12345%'
       BEGIN SELECT RAISE(ROLLBACK, 'the whole transaction is gone'); END`,
    );
    let second: unknown = null;
    expect(() =>
      f.store.transaction(() => {
        expect(() => f.store.append(awardEntry(f, household, 12345))).toThrow(/whole transaction/);
        try {
          // Its journal row, then the balance's foreign key refuses it: no savepoint and no transaction.
          f.store.append(awardEntry(f, newId(f.clock), 100));
        } catch (e) {
          second = e;
        }
        f.store.append(awardEntry(f, household, 17));
      }),
    ).toThrow(/whole transaction/);
    expect(second).not.toBeNull();
    expect(f.store.db.inTransaction).toBe(false);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(f.store.balance(household)).toBe(balance);
    expect(verifyStore(f.store.db, f.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
  });
});

describe('a caller’s own statement that makes SQLite roll the whole transaction back', () => {
  /** A statement of the caller's that SQLite answers by rolling back the whole transaction (ON CONFLICT ROLLBACK). */
  function rollAllBack(f: TillFixture): void {
    const db = f.store.db;
    db.exec('CREATE TEMP TABLE IF NOT EXISTS once (k INTEGER PRIMARY KEY ON CONFLICT ROLLBACK)');
    db.prepare('INSERT INTO once (k) VALUES (1)').run();
    expect(() => db.prepare('INSERT INTO once (k) VALUES (1)').run()).toThrow(/UNIQUE/);
    expect(db.inTransaction).toBe(false);
  }

  const rolledBack = (e: unknown) => {
    expect(e).toMatchObject({ code: 'TRANSACTION_ROLLED_BACK' });
    const { zh, en } = e as { zh: string; en: string };
    expect(zh).toMatch(/回滚/);
    expect(en).toMatch(/rolled the whole transaction back/);
    expect(en).not.toMatch(/no transaction is active|no such savepoint/);
  };

  it('refuses every later append in the frame, and the caller gets a clear error, not SQLite’s “no transaction is active”', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    const outcome = caught(() =>
      f.store.transaction(() => {
        f.store.append(awardEntry(f, household, 20));
        rollAllBack(f);
        // Before: this append began and committed a transaction of its own.
        rolledBack(caught(() => f.store.append(awardEntry(f, household, 21))));
        rolledBack(caught(() => f.store.transaction(() => f.store.append(awardEntry(f, household, 22)))));
      }),
    );
    rolledBack(outcome);
    expect(f.store.db.inTransaction).toBe(false);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(f.store.balance(household)).toBe(balance);

    // Nothing is left for the next transaction.
    f.store.transaction(() => f.store.append(awardEntry(f, household, 23)));
    expect(f.store.balance(household)).toBe(balance + 23);
    expect(verifyStore(f.store.db, f.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
  });

  it('in a nested frame: the savepoint’s end says so too, not SQLite’s “no such savepoint”, and the outer frame refuses to commit', () => {
    const household = f.householdOf(f.cards.poor);
    const balance = f.store.balance(household);
    const before = ledgerCounts(f.store);
    let inner: unknown = null;
    const outcome = caught(() =>
      f.store.transaction(() => {
        f.store.append(awardEntry(f, household, 30));
        inner = caught(() =>
          f.store.transaction(() => {
            f.store.append(awardEntry(f, household, 31));
            rollAllBack(f);
            rolledBack(caught(() => f.store.append(awardEntry(f, household, 32))));
          }),
        );
        rolledBack(caught(() => f.store.append(awardEntry(f, household, 33))));
      }),
    );
    rolledBack(inner);
    rolledBack(outcome);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(f.store.balance(household)).toBe(balance);
    expect(verifyStore(f.store.db, f.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
  });
});
