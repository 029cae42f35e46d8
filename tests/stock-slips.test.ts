import { describe, expect, it } from 'vitest';
import { createGlyphRasterizer, encodeBlocks } from '../main/printer';
import { layoutStockDocument, type StockDocument } from '../main/printer/stock-slips';
import { textWidth } from '../src/receipt';
import { decodeEscPos } from './support/printer-emulator-decode';

const rasterizer = createGlyphRasterizer();
const AT = Date.UTC(2026, 10, 20, 2, 0, 0);

function printed(doc: StockDocument, width: 58 | 80) {
  const bytes = encodeBlocks(layoutStockDocument(doc, width), {
    width,
    charset: 'GB18030',
    cutter: true,
    rasterizer,
  });
  const { documents, unknown } = decodeEscPos(bytes);
  expect(unknown).toEqual([]);
  expect(documents).toHaveLength(1);
  return documents[0]!;
}

const slip: StockDocument = {
  layout: 'receiving-slip',
  header: ['东岭村积分超市'],
  time: AT,
  timeZone: 'Asia/Shanghai',
  clerkName: '赵强',
  reference: '入库-42',
  kind: 'donation',
  party: '清河粮油有限公司（爱心捐赠）',
  lines: [
    { name: '东北大米 5kg', qty: 30, unit: '袋', unitCostFen: 3000 },
    { name: '金龙鱼食用油 5L 特别长的名字要换行', qty: 12, unit: '桶', unitCostFen: 6590 },
  ],
  totalFen: 30 * 3000 + 12 * 6590,
};

const sheet: StockDocument = {
  layout: 'count-sheet',
  header: ['东岭村积分超市'],
  time: AT,
  timeZone: 'Asia/Shanghai',
  clerkName: '赵强',
  reference: '盘点-ABC123',
  lines: [
    { name: '毛巾', unit: '条', bookQty: 50, counted: 48 },
    { name: '搪瓷杯', unit: '个', bookQty: 20, counted: null },
  ],
};

describe('stock papers on the receipt printer, decoded from the bytes', () => {
  for (const width of [58, 80] as const) {
    const columns = width === 58 ? 32 : 48;
    it(`a donation slip at ${width} mm says who gave what at which estimate, within ${columns} columns`, () => {
      const doc = printed(slip, width);
      expect(doc.cut).toBe(true);
      expect(doc.text).toContain('捐赠入库单 DONATION');
      expect(doc.text).toContain('清河粮油有限公司');
      expect(doc.text).toMatch(/东北大米 5kg\s+30袋\s+30.00/);
      expect(doc.text).toContain('1690.80元');
      expect(doc.text).toContain('2026-11-20 10:00');
      expect(doc.text).toContain('捐赠人签字');
      for (const l of doc.lines) expect(textWidth(l.text)).toBeLessThanOrEqual(columns);
    });

    it(`a count sheet at ${width} mm lists book and counted quantities, blanks to fill by hand`, () => {
      const doc = printed(sheet, width);
      expect(doc.text).toContain('盘点表 COUNT SHEET');
      expect(doc.text).toMatch(/毛巾\s+50\s+48/);
      expect(doc.text).toMatch(/搪瓷杯\s+20\s+____/);
      expect(doc.text).toContain('批准人签字');
      for (const l of doc.lines) expect(textWidth(l.text)).toBeLessThanOrEqual(columns);
    });
  }
});
