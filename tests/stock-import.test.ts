import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyStore } from '../main/store';
import { listStockProducts } from '../main/till/stock-catalog';
import { applyImport, exportCatalog, previewImport } from '../main/till/stock-import';
import { withCheckDigit } from '../src/barcode';
import { type TillFixture, tillFixture } from './support/till-fixture';

let f: TillFixture;
beforeEach(() => {
  f = tillFixture({ households: 6 });
});
afterEach(() => f.cleanup());

const HEADER = '条码,名称,单位,每箱数量,类别,积分价,成本（元）,服务项目,在售,低库存提醒';
const code = (n: number) => withCheckDigit(`69311${String(n).padStart(7, '0')}`);
const GOOD = [
  `${code(1)},红富士苹果,斤,1,水果,3.5,2.80,否,是,10`,
  `${code(2)} ${code(3)},康师傅方便面,袋,24,食品,2,1.20,否,是,24`,
  `${code(4)},修自行车,次,1,服务,5,0,是,是,0`,
];
const b64 = (b: Buffer) => b.toString('base64');
const utf8Bom = (lines: string[]) =>
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]);
const count = () => f.store.db.prepare('SELECT count(*) FROM products').pluck().get() as number;

describe('catalog import', () => {
  it('imports UTF-8 with a BOM; a re-import updates by barcode and never duplicates', async () => {
    const file = { fileName: 'catalog.csv', dataBase64: b64(utf8Bom([HEADER, ...GOOD])) };
    const before = count();
    expect(await previewImport(f.ctx, f.keeper, file.fileName, file.dataBase64)).toMatchObject({
      rows: 3,
      valid: 3,
      creates: 3,
      problems: [],
    });
    expect((await applyImport(f.ctx, f.keeper, { ...file, skipBad: false })).written).toBe(3);
    expect(count()).toBe(before + 3);
    const noodles = listStockProducts(f.ctx, '康师傅')[0]!;
    expect(noodles).toMatchObject({
      barcodes: [code(2), code(3)],
      packSize: 24,
      pricePoints: 200,
      costFen: 120,
      pinyin: 'ksffbm',
    });
    expect(listStockProducts(f.ctx, '修自行车')[0]!.isService).toBe(true);
    // Same file again: nothing new is written.
    const again = await applyImport(f.ctx, f.keeper, { ...file, skipBad: false });
    expect(again).toMatchObject({ creates: 0, updates: 3, written: 0 });
    // A changed price updates the product, by its barcode.
    const changed = [HEADER, GOOD[0]!.replace(',3.5,', ',4,'), GOOD[1]!, GOOD[2]!];
    const third = await applyImport(f.ctx, f.keeper, {
      fileName: 'c.csv',
      dataBase64: b64(utf8Bom(changed)),
      skipBad: false,
    });
    expect(third).toMatchObject({ updates: 3, written: 1 });
    expect(count()).toBe(before + 3);
    expect(listStockProducts(f.ctx, '苹果')[0]!.pricePoints).toBe(400);
    expect(verifyStore(f.store.db, f.store.deviceId).discrepancies).toEqual([]);
  });

  it('reads GBK CSV as Excel saves it in China, and UTF-8 without a BOM', async () => {
    const gbk = iconv.encode([HEADER, ...GOOD].join('\r\n'), 'gbk');
    expect((await previewImport(f.ctx, f.keeper, 'gbk.csv', b64(gbk))).valid).toBe(3);
    const plain = Buffer.from([HEADER, ...GOOD].join('\n'), 'utf8');
    expect((await previewImport(f.ctx, f.keeper, 'plain.csv', b64(plain))).valid).toBe(3);
    await applyImport(f.ctx, f.keeper, { fileName: 'gbk.csv', dataBase64: b64(gbk), skipBad: false });
    expect(listStockProducts(f.ctx, '苹果')[0]!.name).toBe('红富士苹果');
  });

  it('reports every problem at once by row, column and reason, and writes nothing unless told to skip', async () => {
    const towelCode = listStockProducts(f.ctx, '毛巾')[0]!.barcodes[0]!;
    const bad = [
      HEADER,
      GOOD[0]!,
      `${code(5)},坏价格,个,1,杂货,abc,1.00,否,是,0`,
      `${code(6)},零价格,个,1,杂货,0,1.00,否,是,0`,
      `${code(7)},坏成本,个,1,杂货,2,一块,否,是,0`,
      `12345,短条码,个,1,杂货,2,1.00,否,是,0`,
      `${code(11)} ${towelCode},抢条码,个,1,杂货,2,1.00,否,是,0`,
      `${code(1)},重复行,个,1,杂货,2,1.00,否,是,0`,
      `${code(8)},,个,x,杂货,2,1.00,也许,是,0`,
    ];
    const file = { fileName: 'bad.csv', dataBase64: b64(utf8Bom(bad)) };
    const before = count();
    const report = await previewImport(f.ctx, f.keeper, file.fileName, file.dataBase64);
    const byRow = (row: number) => report.problems.filter((p) => p.row === row).map((p) => p.column);
    expect(report.valid).toBe(1);
    expect(byRow(3)).toEqual(['积分价']);
    expect(byRow(4)).toEqual(['积分价']);
    expect(byRow(5)).toEqual(['成本（元）']);
    expect(byRow(6)).toEqual(['条码']);
    expect(report.problems.find((p) => p.row === 7)?.zh).toContain('已属于“毛巾”');
    expect(report.problems.find((p) => p.row === 8)?.zh).toContain('第 2 行已出现');
    expect(byRow(9)).toEqual(expect.arrayContaining(['每箱数量', '服务项目']));
    expect((await applyImport(f.ctx, f.keeper, { ...file, skipBad: false })).written).toBe(0);
    expect(count()).toBe(before);
    expect((await applyImport(f.ctx, f.keeper, { ...file, skipBad: true })).written).toBe(1);
    expect(count()).toBe(before + 1);
  });

  it('refuses zero, negative, fractional and absurd numbers, each in its own column', async () => {
    const rows = [
      HEADER,
      `${code(21)},零箱,个,0,杂货,2,1.00,否,是,0`,
      `${code(22)},负箱,个,-2,杂货,2,1.00,否,是,0`,
      `${code(23)},半箱,个,1.5,杂货,2,1.00,否,是,0`,
      `${code(24)},巨箱,个,99999999,杂货,2,1.00,否,是,0`,
      `${code(25)},负提醒,个,1,杂货,2,1.00,否,是,-1`,
      `${code(26)},巨提醒,个,1,杂货,2,1.00,否,是,99999999`,
      `${code(27)},负价格,个,1,杂货,-2,1.00,否,是,0`,
      `${code(28)},巨价格,个,1,杂货,99999999999,1.00,否,是,0`,
      `${code(29)},负成本,个,1,杂货,2,-1.00,否,是,0`,
      `${code(30)},巨成本,个,1,杂货,2,99999999,否,是,0`,
    ];
    const before = count();
    const report = await previewImport(f.ctx, f.keeper, 'numbers.csv', b64(utf8Bom(rows)));
    expect(report.valid).toBe(0);
    const columns = report.problems.map((p) => [p.row, p.column]);
    expect(columns).toEqual([
      [2, '每箱数量'],
      [3, '每箱数量'],
      [4, '每箱数量'],
      [5, '每箱数量'],
      [6, '低库存提醒'],
      [7, '低库存提醒'],
      [8, '积分价'],
      [9, '积分价'],
      [10, '成本（元）'],
      [11, '成本（元）'],
    ]);
    for (const p of report.problems) {
      expect(p.zh).not.toBe('');
      expect(p.en).not.toBe('');
    }
    expect(
      (
        await applyImport(f.ctx, f.keeper, {
          fileName: 'numbers.csv',
          dataBase64: b64(utf8Bom(rows)),
          skipBad: false,
        })
      ).written,
    ).toBe(0);
    expect(count()).toBe(before);
  });

  it('says so when the encoding is wrong (the header cannot be read)', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode([HEADER, ...GOOD].join('\r\n'), 'utf16le'),
    ]);
    const report = await previewImport(f.ctx, f.keeper, 'u16.csv', b64(utf16));
    expect(report.valid).toBe(0);
    expect(report.problems[0]).toMatchObject({ row: 1 });
    expect(report.problems[0]!.zh).toContain('编码可能不对');
  });

  it('imports XLSX, reports merged cells and non-numeric cells, and exports what it reads back', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('商品');
    sheet.addRow(HEADER.split(','));
    for (const l of GOOD) sheet.addRow(l.split(','));
    sheet.addRow([code(9), '合并的', '个', '1', '杂货', '2', '1.00', '否', '是', '0']);
    sheet.mergeCells('B5:C5');
    sheet.addRow([code(10), '文字价', '个', '1', '杂货', '两分', '1.00', '否', '是', '0']);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const report = await previewImport(f.ctx, f.keeper, 'catalog.xlsx', b64(xlsx));
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([
      [5, 'B5:C5'],
      [6, '积分价'],
    ]);
    await applyImport(f.ctx, f.keeper, { fileName: 'catalog.xlsx', dataBase64: b64(xlsx), skipBad: true });
    expect(listStockProducts(f.ctx, '康师傅')).toHaveLength(1);

    for (const format of ['csv', 'xlsx'] as const) {
      const out = await exportCatalog(f.ctx, format);
      const back = await previewImport(f.ctx, f.keeper, out.fileName, out.dataBase64);
      expect(back.problems).toEqual([]);
      expect(back.creates).toBe(0);
      expect(back.updates).toBe(count());
    }
  });
});
