import { describe, expect, it } from 'vitest';
import { applyMove, donationUnitCost, pinyinInitials, stockCard } from '../src/stock';

describe('moving-average valuation, against hand-computed cases', () => {
  it('several purchases at different costs, a donation, a sale, a return and a write-off', () => {
    // 10 @ 3.00 → avg 300; +20 @ 3.60 → (3000 + 7200) / 30 = 340; donation of 10 enters at 340
    // (policy) → 340; sell 15 → 25 left @ 340; return 1 at its sale cost 340 → 26 @ 340;
    // write off 6 → 20 @ 340; +5 @ 2.99 → (6800 + 1495) / 25 = 331.8 → 332 (half up).
    const donation = donationUnitCost({ qty: 30, avgCostFen: 340 }, 0);
    const rows = stockCard([
      { kind: 'receive', qty: 10, unitCostFen: 300 },
      { kind: 'receive', qty: 20, unitCostFen: 360 },
      { kind: 'donation', qty: 10, unitCostFen: donation },
      { kind: 'sale', qty: -15, unitCostFen: 340 },
      { kind: 'return', qty: 1, unitCostFen: 340 },
      { kind: 'write-off', qty: -6, unitCostFen: 340 },
      { kind: 'receive', qty: 5, unitCostFen: 299 },
    ]);
    expect(rows.map((r) => [r.qtyAfter, r.avgCostAfterFen, r.valueAfterFen])).toEqual([
      [10, 300, 3000],
      [30, 340, 10200],
      [40, 340, 13600],
      [25, 340, 8500],
      [26, 340, 8840],
      [20, 340, 6800],
      [25, 332, 8300],
    ]);
  });

  it('a free donation does not halve the average of bought stock (ERPNext #43580)', () => {
    const bought = applyMove(null, 10, 300);
    const cost = donationUnitCost(bought, 0);
    expect(cost).toBe(300);
    expect(applyMove(bought, 10, cost)).toEqual({ qty: 20, avgCostFen: 300 });
    // The rejected rule (a donation at its estimate of 0) would have halved it:
    expect(applyMove(bought, 10, 0)).toEqual({ qty: 20, avgCostFen: 150 });
  });

  it('with nothing on hand the donor estimate seeds the average', () => {
    expect(donationUnitCost(null, 450)).toBe(450);
    expect(donationUnitCost({ qty: 0, avgCostFen: 300 }, 450)).toBe(450);
    expect(donationUnitCost({ qty: -2, avgCostFen: 300 }, 0)).toBe(0);
  });

  it('negative stock: sales go out at the average, the next receipt restarts it at its own cost', () => {
    const rows = stockCard([
      { kind: 'receive', qty: 2, unitCostFen: 500 },
      { kind: 'sale', qty: -3, unitCostFen: 500 },
      { kind: 'receive', qty: 10, unitCostFen: 620 },
    ]);
    expect(rows.map((r) => [r.qtyAfter, r.avgCostAfterFen, r.valueAfterFen])).toEqual([
      [2, 500, 1000],
      [-1, 500, -500],
      [9, 620, 5580],
    ]);
  });
});

describe('pinyin initials', () => {
  it('come from the name and are never empty', () => {
    expect(pinyinInitials('大米')).toBe('dm');
    expect(pinyinInitials('金龙鱼 食用油 5L')).toBe('jlysyy5l');
    expect(pinyinInitials('Coca-Cola')).toBe('cocacola');
    expect(pinyinInitials('★')).toBe('★');
  });
});
