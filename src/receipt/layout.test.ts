import { describe, expect, it } from 'vitest';
import type { SaleView } from '../api/contract';
import {
  blockText,
  COLUMNS,
  layoutReceipt,
  type ReceiptData,
  ReceiptDataSchema,
  saleReceipt,
  shiftReceipt,
  textWidth,
  wrapText,
} from '.';

const base: ReceiptData = {
  kind: 'sale',
  header: ['幸福村积分超市'],
  footer: ['谢谢'],
  receiptNo: 'S01-D01-000001',
  time: Date.UTC(2026, 0, 31, 16, 0, 0),
  clerkName: '李梅',
  household: { number: '3-017', headName: '王大山' },
  lines: [{ name: '毛巾', qty: 1, unitPoints: 500, points: 500 }],
  totalPoints: 500,
  balanceBefore: 1000,
  balanceAfter: 500,
  saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000001',
  reprint: false,
  shift: null,
};

function printed(data: ReceiptData, width: 58 | 80): { text: string; columns: number }[] {
  return layoutReceipt(data, { width }).flatMap((b) => {
    const text = blockText(b, COLUMNS[width]);
    return text === null ? [] : [{ text, columns: textWidth(text) * (b.type === 'text' ? b.size : 1) }];
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const PIECES = [
  '毛巾',
  '金龙鱼',
  '食用油',
  ' ',
  ' ',
  '5L',
  'Golden',
  'Dragon',
  '（特价）',
  '𠀀',
  '㐀',
  '😀',
  '¥',
  'x',
  '-',
  '繁體',
  'Supercalifragilisticexpialidocious',
  '12.5kg',
  '·',
  'é',
];

describe('receipt layout', () => {
  it('never prints a line wider than the paper, whatever the names and amounts', () => {
    const next = random(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
    for (let i = 0; i < 300; i++) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 5) }, () => {
        const name = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pick(PIECES)).join('');
        const qty = pick([1, 2, 99, 9999, 1_000_000]);
        const unitPoints = pick([50, 100, 1205, 99_999_999, 1_000_000_000]);
        return { name, qty, unitPoints, points: pick([50, 1_000_000_000, unitPoints]) };
      });
      const data: ReceiptData = {
        ...base,
        header: [pick(PIECES).repeat(1 + Math.floor(next() * 20)), pick(PIECES)],
        clerkName: pick(PIECES).repeat(1 + Math.floor(next() * 20)),
        household: { number: '12345678901234567890', headName: pick(PIECES).repeat(3) },
        lines,
        totalPoints: -1_000_000_000,
        balanceBefore: 999_999_999,
      };
      for (const width of [58, 80] as const) {
        for (const line of printed(data, width)) {
          expect(line.columns, `${width} mm: "${line.text}"`).toBeLessThanOrEqual(COLUMNS[width]);
          expect(LONE_SURROGATE.test(line.text), line.text).toBe(false);
        }
      }
    }
  });

  it('shows half points as 0.5 and hundredths as 12.05, right-aligned in their column', () => {
    const lines = printed(
      {
        ...base,
        lines: [
          { name: '火柴', qty: 1, unitPoints: 50, points: 50 },
          { name: '盐', qty: 3, unitPoints: 1205, points: 3615 },
        ],
        totalPoints: 3665,
        balanceBefore: 10_000,
        balanceAfter: 6335,
      },
      58,
    ).map((l) => l.text);
    expect(lines).toContain('火柴              1x0.5      0.5');
    expect(lines).toContain('盐              3x12.05    36.15');
    expect(lines).toContain('合计 Total                 36.65');
    expect(lines).toContain('现积分 After               63.35');
  });

  it('wraps a long name on whole lines of its own and puts the numbers under it', () => {
    const name = '金龙鱼 Golden Dragon 食用调和油 5L 家庭装 限购一桶';
    const lines = printed(
      { ...base, lines: [{ name, qty: 9999, unitPoints: 1_000_000, points: 999_900_000 }] },
      58,
    ).map((l) => l.text);
    const at = lines.indexOf('金龙鱼 Golden Dragon 食用调和油');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at, at + 3)).toEqual([
      '金龙鱼 Golden Dragon 食用调和油',
      '5L 家庭装 限购一桶',
      '             9999x10000  9999000',
    ]);
  });

  it('prints ¥ as the full-width ￥ every Chinese printer has', () => {
    const lines = printed(
      { ...base, lines: [{ name: '¥5 代金券', qty: 1, unitPoints: 500, points: 500 }] },
      80,
    );
    expect(lines.map((l) => l.text).join('\n')).toContain('￥5 代金券');
    expect(lines.map((l) => l.text).join('\n')).not.toContain('¥');
  });

  it('marks a reprint and prints a large shop name in double size only when it fits', () => {
    const blocks = layoutReceipt({ ...base, reprint: true, header: ['幸福村积分超市'] }, { width: 58 });
    expect(blocks[0]).toMatchObject({ type: 'text', text: '幸福村积分超市', size: 2, align: 'center' });
    expect(blocks.some((b) => b.type === 'text' && b.text === '*** 重印 REPRINT ***')).toBe(true);
    const long = layoutReceipt(
      { ...base, header: ['云南省怒江州兰坪县某某镇幸福村积分超市'] },
      { width: 58 },
    );
    expect(long[0]).toMatchObject({ size: 1, text: '云南省怒江州兰坪县某某镇幸福村积' });
    expect(long[1]).toMatchObject({ size: 1, text: '分超市' });
  });

  it('ends with the QR code of the sale, the footer, a feed and a cut', () => {
    const blocks = layoutReceipt(base, { width: 80 });
    expect(blocks.slice(-4)).toEqual([
      { type: 'qr', data: base.saleId },
      { type: 'text', text: '谢谢', align: 'center', bold: false, size: 1 },
      { type: 'feed', lines: 3 },
      { type: 'cut' },
    ]);
  });

  it('prints the time in Shanghai time', () => {
    const lines = printed(base, 58).map((l) => l.text);
    expect(lines).toContain('时间 Time    2026-02-01 00:00:00');
  });
});

describe('wrapText', () => {
  it('keeps Latin words whole when they fit and splits only words longer than a line', () => {
    expect(wrapText('Golden Dragon oil', 10)).toEqual(['Golden', 'Dragon oil']);
    expect(wrapText('abcdefghijklmnop', 10)).toEqual(['abcdefghij', 'klmnop']);
  });

  it('never splits a wide character across lines, even an odd-width tail', () => {
    expect(wrapText('a毛巾毛巾', 4)).toEqual(['a毛', '巾毛', '巾']);
    expect(wrapText('𠀀𠀀𠀀', 5)).toEqual(['𠀀𠀀', '𠀀']);
    for (const line of wrapText('食用油'.repeat(20), 7)) expect(textWidth(line)).toBeLessThanOrEqual(7);
  });

  it('loses no character when wrapping (only spaces at breaks)', () => {
    const next = random(7);
    for (let i = 0; i < 500; i++) {
      const text = Array.from(
        { length: Math.floor(next() * 15) },
        () => PIECES[Math.floor(next() * PIECES.length)],
      ).join('');
      const width = 4 + Math.floor(next() * 45);
      const lines = wrapText(text, width);
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
    }
  });

  it('counts ASCII as one column and every other character as two, as a GB printer prints them', () => {
    expect(textWidth('Ab1 ')).toBe(4);
    expect(textWidth('毛巾×·é￥𠀀')).toBe(14);
    expect(wrapText('', 10)).toEqual(['']);
  });
});

describe('receipts from till API views', () => {
  const view: SaleView = {
    saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000009',
    receiptNo: 'S01-D01-000009',
    at: Date.UTC(2026, 10, 20, 2, 0, 0),
    householdId: '0193a1b2-c3d4-7e5f-8a9b-0000000000aa',
    householdNumber: '3-017',
    headName: '王大山',
    clerkName: '李梅',
    lines: [{ productId: 'p1', name: '毛巾', qty: 2, unitPoints: 500, points: 1000 }],
    totalPoints: 1000,
    balanceBefore: 3000,
    balanceAfter: 2000,
    voided: false,
    returnedPoints: 0,
  };

  it('lays out a sale straight from a SaleView', () => {
    const data = ReceiptDataSchema.parse({ ...saleReceipt(view), header: [], footer: [], reprint: false });
    const lines = printed(data, 58).map((l) => l.text);
    expect(lines).toContainEqual(expect.stringMatching(/^户号 Household +3-017 王大山$/));
    expect(lines).toContainEqual(expect.stringMatching(/^现积分 After +20$/));
    expect(layoutReceipt(data, { width: 58 })).toContainEqual({ type: 'qr', data: view.saleId });
  });

  it('makes a void receipt with the refund and the balances around the void', () => {
    const data = saleReceipt(view, {
      kind: 'void',
      receiptNo: 'S01-D01-000010',
      time: view.at + 60_000,
      lines: view.lines,
      totalPoints: 1000,
      balanceBefore: 2000,
      balanceAfter: 3000,
    });
    const lines = printed({ ...data, header: [], footer: [], reprint: false }, 58).map((l) => l.text);
    expect(lines).toContain('撤销小票 VOID');
    expect(lines).toContainEqual(expect.stringMatching(/^退回积分 Refund +10$/));
    expect(lines).toContainEqual(expect.stringMatching(/^现积分 After +30$/));
  });

  it('makes a shift summary from a ShiftSummary', () => {
    const data = shiftReceipt(
      {
        shiftId: 's',
        openedAt: view.at,
        closedAt: view.at + 3_600_000,
        clerkName: '李梅',
        sales: 3,
        voids: 0,
        pointsRedeemed: 4550,
        goods: [{ productId: 'p1', name: '毛巾', qty: 3, points: 1500 }],
      },
      view.at + 3_600_000,
    );
    const lines = printed({ ...data, header: [], footer: [], reprint: false }, 80).map((l) => l.text);
    expect(lines).toContain('交班小结 SHIFT');
    expect(lines.some((l) => /^毛巾 +3 +15$/.test(l))).toBe(true);
    expect(lines.some((l) => /^兑换积分 Points +45\.5$/.test(l))).toBe(true);
  });
});
