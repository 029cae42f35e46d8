import { describe, expect, test } from 'vitest';
import { pivot } from './reconciliation';
import { reportCsv } from './render';

describe('month-end pivot', () => {
  const groups = [
    {
      villageId: 'v1',
      shopId: 's1',
      category: '环境卫生',
      kind: 'issued' as const,
      points: 1500,
      costFen: 0,
      count: 3,
    },
    {
      villageId: 'v1',
      shopId: 's1',
      category: 'redemption',
      kind: 'redeemed' as const,
      points: -3000,
      costFen: 2000,
      count: 1,
    },
    {
      villageId: 'v2',
      shopId: null,
      category: '环境卫生',
      kind: 'issued' as const,
      points: 500,
      costFen: 0,
      count: 1,
    },
    {
      villageId: 'v2',
      shopId: 's2',
      category: 'void',
      kind: 'voided' as const,
      points: 1000,
      costFen: -700,
      count: 1,
    },
  ];
  const p = pivot(groups, { village: (id) => `村${id}`, shop: (id) => `店${id}` });

  test('totals, villages and shops all add up to the same net', () => {
    expect(p.totals).toMatchObject({
      issued: 2000,
      redeemed: -3000,
      voided: 1000,
      net: 0,
      goodsCostFen: 1300,
    });
    expect(p.byVillage.reduce((s, r) => s + r.net, 0)).toBe(p.totals.net);
    expect(p.byShop.map((r) => r.name)).toContain('乡镇 Township');
    expect(p.byCategory.find((c) => c.category === '环境卫生')).toMatchObject({
      kind: 'issued',
      points: 2000,
      count: 4,
    });
  });

  test('CSV starts with a BOM and quotes cells that need it', () => {
    const csv = reportCsv({
      townshipId: 't',
      townshipName: '青山镇, "东"',
      period: '2026-10',
      cutoff: Date.UTC(2026, 9, 31, 16),
      generatedAt: Date.UTC(2026, 10, 2),
      closed: true,
      totals: { ...p.totals, entries: 6, lateEntries: 0 },
      byVillage: p.byVillage,
      byShop: p.byShop,
      byCategory: p.byCategory,
      stock: [],
      stockValueFen: 0,
      closingBalance: 0,
      overdrafts: [],
      voids: [],
      devices: [],
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('"青山镇, ""东"""');
    expect(csv).toContain('截止 Cut-off,2026-11-01 00:00:00');
  });
});
