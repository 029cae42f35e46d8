import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../src/clock';
import { newId } from '../../src/ids';
import { ledgerCounts, type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { applyMasterData, verifyStore } from '../store';
import { commitSale } from './checkout';
import { ALLOW_NEGATIVE_SETTING, receiveStock, writeOff } from './inventory';
import { blockCard, postPoints, suspendHousehold } from './points';
import { reverseSale } from './reversal';
import { saveLocalShop } from './shop-settings';
import { approveCount, openCount, recordCount } from './stock-count';

let f: TillFixture;
beforeEach(() => {
  f = tillFixture();
});
afterEach(() => f.cleanup());

const sell = (uid: string, lines: { productId: string; qty: number }[], saleId = newId(f.clock)) =>
  commitSale(f.ctx, f.clerk, { saleId, cardUid: uid, lines }, null);

/** Runs a checkout that must be refused; checks nothing was written and returns the error. */
function refused(uid: string, lines: { productId: string; qty: number }[]) {
  const before = ledgerCounts(f.store);
  try {
    sell(uid, lines);
  } catch (e) {
    expect(ledgerCounts(f.store)).toEqual(before);
    return e as { code: string; zh: string; en: string };
  }
  throw new Error('checkout was not refused');
}

describe('checkout', () => {
  it('redeems a cart in one transaction: points, stock, sale and lines', () => {
    const household = f.householdOf(f.cards.rich);
    const [towel, rice, haircut] = [f.product('毛巾'), f.product('东北大米 5kg'), f.product('理发服务')];
    const balance = f.store.balance(household);
    const sale = sell(f.cards.rich, [
      { productId: towel.id, qty: 2 },
      { productId: rice.id, qty: 1 },
      { productId: haircut.id, qty: 1 },
      { productId: towel.id, qty: 1 },
    ]);
    expect(sale.totalPoints).toBe(3 * 500 + 2000 + 1000);
    expect(sale.balanceBefore).toBe(balance);
    expect(sale.balanceAfter).toBe(balance - sale.totalPoints);
    expect(sale.lines.map((l) => [l.name, l.qty])).toEqual([
      ['毛巾', 3],
      ['东北大米 5kg', 1],
      ['理发服务', 1],
    ]);
    expect(f.store.balance(household)).toBe(sale.balanceAfter);
    expect(f.product('毛巾').stock).toBe(towel.stock! - 3);
    expect(sale.receiptNo).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-\d{6}$/);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('treats a resend of the same sale id as the same sale', () => {
    const towel = f.product('毛巾');
    const saleId = newId(f.clock);
    const first = sell(f.cards.rich, [{ productId: towel.id, qty: 1 }], saleId);
    const counts = ledgerCounts(f.store);
    expect(sell(f.cards.rich, [{ productId: towel.id, qty: 1 }], saleId)).toEqual(first);
    expect(ledgerCounts(f.store)).toEqual(counts);
  });

  it('hands a new sale, and not its resend, to the receipt step inside its transaction', () => {
    const towel = f.product('毛巾');
    const input = { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: towel.id, qty: 1 }] };
    const handed: { saleId: string; inTransaction: boolean }[] = [];
    const onNew = (sale: { saleId: string }) =>
      handed.push({ saleId: sale.saleId, inTransaction: f.store.db.inTransaction });
    commitSale(f.ctx, f.clerk, input, null, onNew);
    commitSale(f.ctx, f.clerk, input, null, onNew);
    expect(handed).toEqual([{ saleId: input.saleId, inTransaction: true }]);
  });

  it('refuses a resend of the same sale id with another cart or another card, writing nothing', () => {
    const [towel, rice] = [f.product('毛巾'), f.product('东北大米 5kg')];
    const saleId = newId(f.clock);
    const first = sell(f.cards.rich, [{ productId: towel.id, qty: 1 }], saleId);
    const counts = ledgerCounts(f.store);
    const resend = (uid: string, lines: { productId: string; qty: number }[]) => {
      try {
        sell(uid, lines, saleId);
      } catch (e) {
        return (e as { code: string; details: Record<string, unknown> }).code;
      }
      return 'accepted';
    };
    expect(resend(f.cards.rich, [{ productId: towel.id, qty: 2 }])).toBe('SALE_ID_REUSED');
    expect(resend(f.cards.rich, [{ productId: rice.id, qty: 1 }])).toBe('SALE_ID_REUSED');
    expect(
      resend(f.cards.rich, [
        { productId: towel.id, qty: 1 },
        { productId: rice.id, qty: 1 },
      ]),
    ).toBe('SALE_ID_REUSED');
    expect(resend(f.cards.poor, [{ productId: towel.id, qty: 1 }])).toBe('SALE_ID_REUSED');
    expect(ledgerCounts(f.store)).toEqual(counts);
    expect(sell(f.cards.rich.toLowerCase(), [{ productId: towel.id, qty: 1 }], saleId)).toEqual(first);
  });

  it('allows half points', () => {
    const brush = f.product('牙刷');
    const sale = sell(f.cards.rich, [{ productId: brush.id, qty: 1 }]);
    expect(sale.totalPoints).toBe(150);
  });

  it('refuses with numbers when points are short: has X, needs Y', () => {
    const kettle = f.product('电热水壶');
    const has = f.store.balance(f.householdOf(f.cards.poor));
    const e = refused(f.cards.poor, [{ productId: kettle.id, qty: 1 }]);
    expect(e.code).toBe('INSUFFICIENT_POINTS');
    expect(e.zh).toBe(`积分不足：现有 ${has / 100} 分，需要 120 分`);
  });

  it('refuses a lost card, a blocked card and an unregistered card', () => {
    const towel = f.product('毛巾');
    expect(refused(f.cards.lost, [{ productId: towel.id, qty: 1 }]).code).toBe('CARD_LOST');
    expect(refused(f.cards.unknown, [{ productId: towel.id, qty: 1 }]).zh).toBe('此卡未登记：DEADBEEF');
    blockCard(f.ctx, f.clerk, { uid: f.cards.rich, lost: false, reason: '疑似复制卡' });
    expect(refused(f.cards.rich, [{ productId: towel.id, qty: 1 }]).code).toBe('CARD_BLOCKED');
  });

  it('refuses a suspended household and says the last suspended day and the day it resumes', () => {
    const e = refused(f.cards.suspended, [{ productId: f.product('毛巾').id, qty: 1 }]);
    expect(e.code).toBe('HOUSEHOLD_SUSPENDED');
    // Suspended on 2026-11-20 for three months: last day 2027-02-19, resumes 2027-02-20.
    expect(e.zh).toContain('暂停兑换至 2027-02-19（2027-02-20 起恢复）');
    f.clock.set(Date.UTC(2027, 1, 20, 2));
    expect(sell(f.cards.suspended, [{ productId: f.product('毛巾').id, qty: 1 }]).totalPoints).toBe(500);
  });

  it('refuses out of stock with what is on hand', () => {
    const kettle = f.product('电热水壶');
    postPoints(f.ctx, f.cadre, {
      householdId: f.householdOf(f.cards.rich),
      amount: 10_000_000,
      reason: '测试',
    });
    const e = refused(f.cards.rich, [{ productId: kettle.id, qty: kettle.stock! + 1 }]);
    expect(e.code).toBe('OUT_OF_STOCK');
    expect(e.zh).toBe(`电热水壶 库存不足：现有 ${kettle.stock}，需要 ${kettle.stock! + 1}`);
  });

  it('refuses outside the redemption window and sells inside it', () => {
    f.store.db
      .prepare('UPDATE shops SET redemption_window = ? WHERE id = ?')
      .run(JSON.stringify({ weekdays: [5], hours: { from: '08:00', to: '17:00' } }), f.ctx.shopId);
    const towel = f.product('毛巾');
    f.clock.set(Date.UTC(2026, 10, 21, 2)); // Saturday 10:00
    expect(refused(f.cards.rich, [{ productId: towel.id, qty: 1 }]).zh).toBe(
      '现在不在兑换时间内（兑换时间：周五 08:00–17:00）',
    );
    f.clock.set(Date.UTC(2026, 10, 20, 10)); // Friday 18:00
    expect(refused(f.cards.rich, [{ productId: towel.id, qty: 1 }]).code).toBe('OUTSIDE_REDEMPTION_WINDOW');
    f.clock.set(Date.UTC(2026, 10, 20, 1)); // Friday 09:00
    expect(sell(f.cards.rich, [{ productId: towel.id, qty: 1 }]).totalPoints).toBe(500);
  });

  it('reads what a pull, a manager or the clock changed at the very next sale (decision 0486)', () => {
    const towel = f.product('毛巾');
    const one = [{ productId: towel.id, qty: 1 }];
    const shop = f.store.db
      .prepare('SELECT id, village_id AS villageId, name FROM shops WHERE id = ?')
      .get(f.ctx.shopId) as { id: string; villageId: string; name: string };
    const pullWindow = (w: object | null) =>
      applyMasterData(f.store.db, {
        shops: [{ ...shop, receiptHeader: '', receiptFooter: '', redemptionWindow: w && JSON.stringify(w) }],
      });
    const saturday = startOfLocalDay('2026-11-21');
    f.clock.set(saturday - 100); // Friday 23:59:59.9 in Shanghai
    expect(sell(f.cards.rich, one).totalPoints).toBe(500);
    pullWindow({ weekdays: [5] });
    const friday = sell(f.cards.rich, one);
    f.clock.set(saturday);
    expect(refused(f.cards.rich, one).zh).toBe('现在不在兑换时间内（兑换时间：周五）');
    pullWindow(null);
    const saturdaySale = sell(f.cards.rich, one);
    const dates = f.store.db
      .prepare('SELECT business_date FROM journal WHERE id IN (?, ?) ORDER BY seq')
      .pluck()
      .all(friday.saleId, saturdaySale.saleId);
    expect(dates).toEqual(['2026-11-20', '2026-11-21']);
    // The manager's own window counts while the township sets none, and no longer once it does.
    saveLocalShop(f.store, { receiptHeader: '', receiptFooter: '', redemptionWindow: { weekdays: [1] } });
    expect(refused(f.cards.rich, one).zh).toBe('现在不在兑换时间内（兑换时间：周一）');
    pullWindow({ weekdays: [6] });
    expect(sell(f.cards.rich, one).totalPoints).toBe(500);
    // Selling past zero follows the setting as it is now (decision 0802).
    const past = [{ productId: towel.id, qty: f.product('毛巾').stock! + 1 }];
    expect(refused(f.cards.rich, past).code).toBe('OUT_OF_STOCK');
    f.store.setSetting(ALLOW_NEGATIVE_SETTING, true);
    expect(sell(f.cards.rich, past).lines[0]!.qty).toBe(past[0]!.qty);
    f.store.setSetting(ALLOW_NEGATIVE_SETTING, false);
    expect(refused(f.cards.rich, one).code).toBe('OUT_OF_STOCK');
    // A new device epoch numbers its receipts by the new device id.
    f.store.setSetting(ALLOW_NEGATIVE_SETTING, true);
    const device = f.store.startNewEpoch();
    expect(sell(f.cards.rich, one).receiptNo.slice(5, 9)).toBe(
      device.replace(/-/g, '').slice(-4).toUpperCase(),
    );
  });

  it('keeps no card, household or product past a pull, an event or a rolled-back write (decision 0486)', () => {
    const towel = f.product('毛巾');
    const one = [{ productId: towel.id, qty: 1 }];
    const card = f.store.db
      .prepare('SELECT uid, member_id AS memberId, household_id AS householdId FROM cards WHERE uid = ?')
      .get(f.cards.rich) as { uid: string; memberId: string | null; householdId: string };
    const product = f.store.db
      .prepare(
        `SELECT id, barcode, name, pinyin, unit, price_points AS pricePoints, category FROM products WHERE id = ?`,
      )
      .get(towel.id) as { id: string; pricePoints: number };
    const pullProduct = (change: object) =>
      applyMasterData(f.store.db, {
        products: [{ ...product, isService: false, active: true, favourite: false, ...change }],
      } as never);
    expect(sell(f.cards.rich, one).totalPoints).toBe(500);
    applyMasterData(f.store.db, { cards: [{ ...card, status: 'replaced' }] });
    expect(refused(f.cards.rich, one).code).toBe('CARD_REPLACED');
    applyMasterData(f.store.db, { cards: [{ ...card, status: 'active' }] });
    pullProduct({ pricePoints: 700 });
    expect(sell(f.cards.rich, one).totalPoints).toBe(700);
    pullProduct({ active: false });
    expect(refused(f.cards.rich, one).code).toBe('PRODUCT_INACTIVE');
    pullProduct({});
    // A write rolled back after a sale read it inside the same transaction is not kept.
    expect(() =>
      f.store.transaction(() => {
        f.store.db.prepare('UPDATE products SET price_points = 1 WHERE id = ?').run(towel.id);
        expect(sell(f.cards.rich, one).totalPoints).toBe(1);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(sell(f.cards.rich, one).totalPoints).toBe(500);
    const unknown = newId(f.clock);
    expect(refused(f.cards.rich, [{ productId: unknown, qty: 1 }]).code).toBe('UNKNOWN_PRODUCT');
    pullProduct({ id: unknown, barcode: null, name: '修鞋', isService: true });
    expect(sell(f.cards.rich, [{ productId: unknown, qty: 1 }]).lines[0]!.name).toBe('修鞋');
    suspendHousehold(f.ctx, f.cadre, { householdId: card.householdId, months: 1, reason: '违反村规' });
    expect(refused(f.cards.rich, one).code).toBe('HOUSEHOLD_SUSPENDED');
    blockCard(f.ctx, f.clerk, { uid: f.cards.poor, lost: false, reason: '疑似复制卡' });
    expect(refused(f.cards.poor, one).code).toBe('CARD_BLOCKED');
  });

  it('refuses an unknown product and writes nothing', () => {
    expect(refused(f.cards.rich, [{ productId: newId(f.clock), qty: 1 }]).code).toBe('UNKNOWN_PRODUCT');
  });
});

describe('voids and returns', () => {
  it('a void restores points and stock by later entries; the sale row stays as it was', () => {
    const household = f.householdOf(f.cards.rich);
    const towel = f.product('毛巾');
    const balance = f.store.balance(household);
    const sale = sell(f.cards.rich, [{ productId: towel.id, qty: 2 }]);
    const voided = reverseSale(f.ctx, f.clerk, f.manager, { saleId: sale.saleId, reason: '顾客不要了' });
    expect(voided.voided).toBe(true);
    expect(voided.balanceAfter).toBe(sale.balanceAfter);
    expect(f.store.balance(household)).toBe(balance);
    expect(f.product('毛巾').stock).toBe(towel.stock);
    expect(() => reverseSale(f.ctx, f.clerk, f.manager, { saleId: sale.saleId, reason: '再撤' })).toThrow(
      /SALE_ALREADY_VOIDED/,
    );
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('a return gives back part of a sale and refuses more than is left', () => {
    const towel = f.product('毛巾');
    const sale = sell(f.cards.rich, [{ productId: towel.id, qty: 3 }]);
    const after = reverseSale(f.ctx, f.clerk, f.manager, {
      saleId: sale.saleId,
      reason: '退一条',
      lines: [{ productId: towel.id, qty: 1 }],
    });
    expect(after.returnedPoints).toBe(500);
    expect(after.voided).toBe(false);
    expect(() =>
      reverseSale(f.ctx, f.clerk, f.manager, {
        saleId: sale.saleId,
        reason: '多退',
        lines: [{ productId: towel.id, qty: 3 }],
      }),
    ).toThrow(/RETURN_EXCEEDS_SALE/);
  });
});

describe('inventory and points', () => {
  it('keeps a moving average cost and counts differences at it', () => {
    const cup = f.product('搪瓷杯');
    receiveStock(f.ctx, f.keeper, {
      productId: cup.id,
      qty: 50,
      unitCostFen: 2000,
      donation: false,
      reference: 'PO-2',
    });
    const level = () =>
      f.store.db.prepare('SELECT qty, avg_cost_fen FROM stock_levels WHERE product_id = ?').get(cup.id) as {
        qty: number;
        avg_cost_fen: number;
      };
    // 50 at 18.00 + 50 at 20.00 → 19.00
    expect(level()).toEqual({ qty: 100, avg_cost_fen: 1900 });
    const count = openCount(f.ctx, f.keeper, { productIds: [cup.id] });
    recordCount(f.ctx, f.keeper, { countId: count.id, productId: cup.id, qty: 97, mode: 'set' });
    approveCount(f.ctx, f.manager, { countId: count.id });
    writeOff(f.ctx, f.keeper, { productId: cup.id, qty: 2, reason: '破损' });
    expect(level()).toEqual({ qty: 95, avg_cost_fen: 1900 });
    expect(() =>
      receiveStock(f.ctx, f.clerk, {
        productId: cup.id,
        qty: 1,
        unitCostFen: 1,
        donation: false,
        reference: '',
      }),
    ).toThrow(/FORBIDDEN/);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('awards half a point by rule and suspends a black-listed household for N months', () => {
    const household = f.householdOf(f.cards.poor);
    const rule = f.store.db
      .prepare("SELECT id FROM rules WHERE name = '参加组织生活'")
      .pluck()
      .get() as string;
    const before = f.store.balance(household);
    postPoints(f.ctx, f.cadre, { householdId: household, ruleId: rule, reason: '11月组织生活' });
    expect(f.store.balance(household)).toBe(before + 50);
    expect(() => postPoints(f.ctx, f.clerk, { householdId: household, amount: 100, reason: 'x' })).toThrow(
      /FORBIDDEN/,
    );
    suspendHousehold(f.ctx, f.cadre, { householdId: household, months: 3, reason: '列入黑榜' });
    expect(refused(f.cards.poor, [{ productId: f.product('食盐').id, qty: 1 }]).code).toBe(
      'HOUSEHOLD_SUSPENDED',
    );
  });
});
