import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMasterData, verifyStore } from '../main/store';
import { commitSale } from '../main/till/checkout';
import { receiveGoods, writeOffGoods } from '../main/till/inventory';
import { productByBarcode } from '../main/till/product-queries';
import { priceHistory, productIdByBarcode, saveProduct, stockProductView } from '../main/till/stock-catalog';
import { approveCount, cancelCount, openCount, recordCount } from '../main/till/stock-count';
import { lowStock, stockCard, stockValuation } from '../main/till/stock-reports';
import { isTillError } from '../src/errors';
import { newId } from '../src/ids';
import { stockCard as replayCard } from '../src/stock';
import { ledgerCounts, type TillFixture, tillFixture } from './support/till-fixture';

let f: TillFixture;
beforeEach(() => {
  f = tillFixture({ households: 6 });
});
afterEach(() => f.cleanup());

const NEW_ITEM = {
  barcodes: ['6920000000012'],
  name: '洗衣粉',
  unit: '袋',
  packSize: 12,
  category: '日用',
  pricePoints: 800,
  costFen: 450,
  isService: false,
  active: true,
  lowStock: 5,
};

/** Every level equals the sum of its moves, the stock card agrees with a replay, verify passes. */
function expectConsistent() {
  const report = verifyStore(f.store.db, f.store.deviceId);
  expect(report.discrepancies).toEqual([]);
  const levels = f.store.db
    .prepare(
      `SELECT l.product_id, l.qty, (SELECT coalesce(sum(qty), 0) FROM stock_moves m
         WHERE m.product_id = l.product_id AND m.shop_id = l.shop_id) AS moved FROM stock_levels l`,
    )
    .all() as { qty: number; moved: number }[];
  for (const l of levels) expect(l.qty).toBe(l.moved);
}

function refusal(fn: () => unknown): { code: string; zh: string; en: string } {
  const before = ledgerCounts(f.store);
  try {
    fn();
  } catch (e) {
    if (!isTillError(e)) throw e;
    expect(ledgerCounts(f.store)).toEqual(before);
    return { code: e.code, zh: e.zh, en: e.en };
  }
  throw new Error('expected a refusal');
}

describe('receiving', () => {
  it('a new item created offline is received by the case and on sale at once', () => {
    const p = saveProduct(f.ctx, f.keeper, NEW_ITEM);
    expect(p.pinyin).toBe('xyf');
    receiveGoods(f.ctx, f.keeper, {
      kind: 'purchase',
      party: '县供销社',
      lines: [{ productId: p.id, qty: 2, packs: true, unitCostFen: 450 }],
    });
    expect(stockProductView(f.ctx, p.id)).toMatchObject({ qty: 24, avgCostFen: 450 });
    const sale = commitSale(
      f.ctx,
      f.clerk,
      { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: p.id, qty: 1 }] },
      null,
    );
    expect(sale.lines[0]).toMatchObject({ name: '洗衣粉', unitPoints: 800 });
    expect(stockProductView(f.ctx, p.id).qty).toBe(23);
    expectConsistent();
  });

  it('a donation keeps the average of bought stock and records the estimate', () => {
    const p = saveProduct(f.ctx, f.keeper, NEW_ITEM);
    receiveGoods(f.ctx, f.keeper, {
      kind: 'purchase',
      party: '县供销社',
      lines: [{ productId: p.id, qty: 10, unitCostFen: 300 }],
    });
    receiveGoods(f.ctx, f.keeper, {
      kind: 'donation',
      party: '爱心企业',
      lines: [{ productId: p.id, qty: 10, unitCostFen: 0 }],
    });
    expect(stockProductView(f.ctx, p.id)).toMatchObject({ qty: 20, avgCostFen: 300 });
    const card = stockCard(f.ctx, p.id);
    expect(
      card.rows.map((r) => [r.kind, r.qty, r.qtyAfter, r.unitCostFen, r.avgCostAfterFen, r.valueAfterFen]),
    ).toEqual([
      ['receive', 10, 10, 300, 300, 3000],
      ['donation', 10, 20, 300, 300, 6000],
    ]);
    expect(replayCard(card.rows).map((r) => r.valueAfterFen)).toEqual([3000, 6000]);
    expectConsistent();
  });

  it('refuses bad quantities, costs and parties with a clear message, writing nothing', () => {
    const towel = f.product('毛巾');
    const receive =
      (qty: unknown, unitCostFen = 100, party = '供货商') =>
      () =>
        receiveGoods(f.ctx, f.keeper, {
          kind: 'purchase',
          party,
          lines: [{ productId: towel.id, qty: qty as number, unitCostFen }],
        });
    expect(refusal(receive(-3)).zh).toContain('必须大于 0');
    expect(refusal(receive(0)).en).toContain('above 0');
    expect(refusal(receive(1.5)).zh).toContain('整数');
    expect(refusal(receive(5_000_000)).en).toContain('too large');
    expect(refusal(receive('abc')).en).toContain('must be a number');
    expect(refusal(receive(1, -5)).code).toBe('INVALID_INPUT');
    expect(refusal(receive(1, 100, ' ')).zh).toContain('供货商');
    expect(
      refusal(() => receiveGoods(f.ctx, f.clerk, { kind: 'purchase', party: 'x', lines: [] })).code,
    ).toBe('FORBIDDEN');
    // One bad line in several: nothing of the delivery is written.
    expect(
      refusal(() =>
        receiveGoods(f.ctx, f.keeper, {
          kind: 'purchase',
          party: '供货商',
          lines: [
            { productId: towel.id, qty: 5, unitCostFen: 100 },
            { productId: towel.id, qty: 0, unitCostFen: 100 },
          ],
        }),
      ).code,
    ).toBe('INVALID_INPUT');
  });
});

describe('write-offs', () => {
  it('go out at the average with a reason, never more than on hand', () => {
    const towel = f.product('毛巾');
    const before = stockProductView(f.ctx, towel.id);
    writeOffGoods(f.ctx, f.keeper, { reason: 'damaged', lines: [{ productId: towel.id, qty: 2 }] });
    expect(stockProductView(f.ctx, towel.id)).toMatchObject({
      qty: before.qty! - 2,
      avgCostFen: before.avgCostFen,
    });
    const tooMany = refusal(() =>
      writeOffGoods(f.ctx, f.keeper, { reason: 'expired', lines: [{ productId: towel.id, qty: 10_000 }] }),
    );
    expect(tooMany.code).toBe('OUT_OF_STOCK');
    expect(tooMany.zh).toContain('超过库存');
    expect(
      refusal(() =>
        writeOffGoods(f.ctx, f.keeper, { reason: 'other', lines: [{ productId: towel.id, qty: 1 }] }),
      ).en,
    ).toContain('Say why');
    expectConsistent();
  });
});

describe('bad quantities', () => {
  const BAD: [unknown, string][] = [
    [-3, '必须大于 0'],
    [0, '必须大于 0'],
    [1.5, '整数'],
    [5_000_000, '太大'],
    ['abc', '必须是数字'],
  ];

  it('a write-off refuses a negative, zero, fractional, absurd or non-numeric quantity, writing nothing', () => {
    const towel = f.product('毛巾');
    for (const [qty, zh] of BAD) {
      const r = refusal(() =>
        writeOffGoods(f.ctx, f.keeper, {
          reason: 'damaged',
          lines: [{ productId: towel.id, qty: qty as number }],
        }),
      );
      expect(r.code).toBe('INVALID_INPUT');
      expect(r.zh).toContain(zh);
    }
    expect(stockProductView(f.ctx, towel.id).qty).toBe(towel.stock);
  });

  it('a count refuses a negative, fractional, absurd or non-numeric quantity; zero is a real count', () => {
    const towel = f.product('毛巾');
    const count = openCount(f.ctx, f.keeper, { productIds: [towel.id] });
    for (const [qty, zh] of BAD.filter(([q]) => q !== 0)) {
      for (const mode of ['set', 'add'] as const) {
        const r = refusal(() =>
          recordCount(f.ctx, f.keeper, { countId: count.id, productId: towel.id, qty: qty as number, mode }),
        );
        expect(r.zh).toContain(zh);
      }
    }
    const line = () =>
      recordCount(f.ctx, f.keeper, { countId: count.id, productId: towel.id, qty: 0, mode: 'add' }).lines[0]!;
    expect(line().counted).toBe(0);
    // Scans that add up past what a line may hold are as absurd as one typed number.
    recordCount(f.ctx, f.keeper, { countId: count.id, productId: towel.id, qty: 100_000, mode: 'add' });
    const over = refusal(() =>
      recordCount(f.ctx, f.keeper, { countId: count.id, productId: towel.id, qty: 1, mode: 'add' }),
    );
    expect(over.zh).toContain('太大');
    expect(line().counted).toBe(100_000);
  });

  it('receiving by the case refuses a number of cases that makes an absurd number of units', () => {
    const p = saveProduct(f.ctx, f.keeper, NEW_ITEM);
    const r = refusal(() =>
      receiveGoods(f.ctx, f.keeper, {
        kind: 'purchase',
        party: '供货商',
        lines: [{ productId: p.id, qty: 10_000, packs: true, unitCostFen: 450 }],
      }),
    );
    // 10,000 cases of 12: 120,000 units, over the 100,000 a line may hold.
    expect(r.zh).toContain('120000');
    expect(
      refusal(() =>
        receiveGoods(f.ctx, f.keeper, {
          kind: 'donation',
          party: '爱心企业',
          lines: [{ productId: newId(f.clock), qty: 1, unitCostFen: 0 }],
        }),
      ).code,
    ).toBe('UNKNOWN_PRODUCT');
  });
});

describe('stocktake', () => {
  it('posts variances in one go after another manager approves; the counter cannot approve', () => {
    const towel = f.product('毛巾');
    const cup = f.product('搪瓷杯');
    const count = openCount(f.ctx, f.keeper, { productIds: [towel.id, cup.id] });
    recordCount(f.ctx, f.keeper, { countId: count.id, productId: towel.id, qty: 1, mode: 'add' });
    recordCount(f.ctx, f.keeper, { countId: count.id, productId: towel.id, qty: 1, mode: 'add' });
    const view = recordCount(f.ctx, f.keeper, {
      countId: count.id,
      productId: cup.id,
      qty: cup.stock! + 3,
      mode: 'set',
    });
    expect(view.lines.find((l) => l.productId === towel.id)?.counted).toBe(2);
    // The manager counting their own count may not approve it.
    const own = openCount(f.ctx, f.manager, { productIds: [f.product('香皂').id] });
    expect(refusal(() => approveCount(f.ctx, f.manager, { countId: own.id })).code).toBe('FORBIDDEN');
    expect(refusal(() => approveCount(f.ctx, f.keeper, { countId: count.id })).code).toBe('FORBIDDEN');
    const journal = f.store.lastSeq();
    const posted = approveCount(f.ctx, f.manager, { countId: count.id });
    expect(posted.state).toBe('posted');
    expect(f.store.lastSeq()).toBe(journal + 2);
    expect(stockProductView(f.ctx, towel.id).qty).toBe(2);
    expect(stockProductView(f.ctx, cup.id).qty).toBe(cup.stock! + 3);
    cancelCount(f.ctx, f.manager, own.id);
    expectConsistent();
  });

  it('allows one open count per product', () => {
    const towel = f.product('毛巾');
    openCount(f.ctx, f.keeper, { productIds: [towel.id] });
    const again = refusal(() => openCount(f.ctx, f.keeper, { productIds: [towel.id] }));
    expect(again.zh).toContain('另一张未完成的盘点单');
  });

  it('flags lines whose stock moved after the count; the approver keeps the counted quantity or difference', () => {
    const towel = f.product('毛巾');
    const cup = f.product('搪瓷杯');
    const count = openCount(f.ctx, f.keeper, { productIds: [towel.id, cup.id] });
    recordCount(f.ctx, f.keeper, {
      countId: count.id,
      productId: towel.id,
      qty: towel.stock! - 1,
      mode: 'set',
    });
    recordCount(f.ctx, f.keeper, { countId: count.id, productId: cup.id, qty: cup.stock! - 1, mode: 'set' });
    // Two sales after the count.
    for (const productId of [towel.id, cup.id]) {
      commitSale(
        f.ctx,
        f.clerk,
        { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId, qty: 1 }] },
        null,
      );
    }
    expect(refusal(() => approveCount(f.ctx, f.manager, { countId: count.id })).zh).toContain(
      '盘点后库存有变动',
    );
    approveCount(f.ctx, f.manager, {
      countId: count.id,
      resolutions: { [towel.id]: 'counted', [cup.id]: 'difference' },
    });
    // Counted quantity: the level becomes what was counted. Difference: −1 on top of the sale.
    expect(stockProductView(f.ctx, towel.id).qty).toBe(towel.stock! - 1);
    expect(stockProductView(f.ctx, cup.id).qty).toBe(cup.stock! - 2);
    expectConsistent();
  });
});

describe('product editing', () => {
  it('keeps price history; past sales keep their price', () => {
    const p = saveProduct(f.ctx, f.keeper, NEW_ITEM);
    receiveGoods(f.ctx, f.keeper, {
      kind: 'purchase',
      party: 'x',
      lines: [{ productId: p.id, qty: 5, unitCostFen: 450 }],
    });
    const sale = commitSale(
      f.ctx,
      f.clerk,
      { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: p.id, qty: 1 }] },
      null,
    );
    f.clock.advance(60_000);
    saveProduct(f.ctx, f.keeper, {
      ...NEW_ITEM,
      productId: p.id,
      pricePoints: 1000,
      barcodes: ['6920000000012', '6920000000029'],
    });
    expect(priceHistory(f.ctx, p.id).map((x) => x.pricePoints)).toEqual([1000, 800]);
    const stored = f.store.db
      .prepare('SELECT unit_points FROM sale_lines WHERE sale_id = ?')
      .pluck()
      .get(sale.saleId);
    expect(stored).toBe(800);
    expect(productIdByBarcode(f.ctx, '6920000000029')).toBe(p.id);
    // The counter finds the product by its second barcode too, at the new price.
    expect(productByBarcode(f.ctx, '6920000000029')).toMatchObject({ id: p.id, pricePoints: 1000 });
    expectConsistent();
  });

  it('refuses a barcode of another product, an unknown barcode, a price of 0', () => {
    const towel = stockProductView(f.ctx, f.product('毛巾').id);
    const taken = refusal(() =>
      saveProduct(f.ctx, f.keeper, { ...NEW_ITEM, barcodes: [towel.barcodes[0]!] }),
    );
    expect(taken.zh).toContain('已属于“毛巾”');
    expect(refusal(() => saveProduct(f.ctx, f.keeper, { ...NEW_ITEM, pricePoints: 0 })).zh).toContain(
      '积分价格必须大于 0',
    );
    expect(
      refusal(() => saveProduct(f.ctx, f.keeper, { ...NEW_ITEM, barcodes: ['6920000000013'] })).en,
    ).toContain('check digit');
    expect(refusal(() => productIdByBarcode(f.ctx, '6920000000036')).code).toBe('UNKNOWN_PRODUCT');
  });
});

describe('reports', () => {
  it('list low stock and value stock at moving average', () => {
    const p = saveProduct(f.ctx, f.keeper, NEW_ITEM);
    receiveGoods(f.ctx, f.keeper, {
      kind: 'purchase',
      party: 'x',
      lines: [{ productId: p.id, qty: 4, unitCostFen: 450 }],
    });
    expect(lowStock(f.ctx).find((r) => r.productId === p.id)).toMatchObject({ qty: 4, lowStock: 5 });
    const v = stockValuation(f.ctx);
    expect(v.rows.find((r) => r.productId === p.id)?.valueFen).toBe(1800);
    expect(v.totalFen).toBe(v.rows.reduce((s, r) => s + r.qty * r.avgCostFen, 0));
  });
});

describe('negative stock', () => {
  it('is refused by default; with the setting a sale goes below zero and the product needs a count', () => {
    const p = saveProduct(f.ctx, f.keeper, NEW_ITEM);
    const sell = () =>
      commitSale(
        f.ctx,
        f.clerk,
        { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: p.id, qty: 2 }] },
        null,
      );
    expect(refusal(sell).code).toBe('OUT_OF_STOCK');
    f.store.setSetting('stock.allowNegative', true);
    sell();
    expect(stockProductView(f.ctx, p.id).qty).toBe(-2);
    expect(lowStock(f.ctx).find((r) => r.productId === p.id)?.needsCount).toBe(true);
    // The next receipt restarts the average at its own cost (decision 0802).
    receiveGoods(f.ctx, f.keeper, {
      kind: 'purchase',
      party: 'x',
      lines: [{ productId: p.id, qty: 10, unitCostFen: 620 }],
    });
    expect(stockProductView(f.ctx, p.id)).toMatchObject({ qty: 8, avgCostFen: 620 });
    // Still flagged until a count is posted.
    expect(lowStock(f.ctx).find((r) => r.productId === p.id)?.needsCount).toBe(true);
    const count = openCount(f.ctx, f.keeper, { productIds: [p.id] });
    recordCount(f.ctx, f.keeper, { countId: count.id, productId: p.id, qty: 7, mode: 'set' });
    approveCount(f.ctx, f.manager, { countId: count.id });
    expect(lowStock(f.ctx).find((r) => r.productId === p.id)?.needsCount ?? false).toBe(false);
    expectConsistent();
  });
});

describe('catalog ownership', () => {
  it('a township change older than the shop change never overwrites it; a newer one wins', () => {
    const p = saveProduct(f.ctx, f.keeper, NEW_ITEM);
    const master = (pricePoints: number, updatedAt: number) =>
      applyMasterData(f.store.db, {
        products: [
          {
            id: p.id,
            barcode: NEW_ITEM.barcodes[0]!,
            name: '洗衣粉',
            pinyin: 'xyf',
            unit: '袋',
            pricePoints,
            category: '日用',
            isService: false,
            active: true,
            favourite: false,
            updatedAt,
          },
        ],
      });
    master(500, p.updatedAt - 1);
    expect(stockProductView(f.ctx, p.id).pricePoints).toBe(800);
    master(900, p.updatedAt + 1);
    expect(stockProductView(f.ctx, p.id).pricePoints).toBe(900);
    expect(priceHistory(f.ctx, p.id).map((x) => x.pricePoints)).toEqual([900, 800]);
  });
});
