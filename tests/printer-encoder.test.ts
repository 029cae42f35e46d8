import iconv from 'iconv-lite';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { createGlyphRasterizer, encodeBlocks } from '../main/printer';
import { blockText, COLUMNS, layoutReceipt, type ReceiptData } from '../src/receipt';
import { decodeEscPos } from './support/printer-emulator-decode';

/** Layout → ESC/POS bytes → decoded again: what the printer would make of them. */

const rasterizer = createGlyphRasterizer();

const receipt: ReceiptData = {
  kind: 'sale',
  header: ['幸福村积分超市', '地址：幸福村一组'],
  footer: ['谢谢惠顾'],
  receiptNo: 'S01-D01-000042',
  time: Date.UTC(2026, 10, 20, 2, 30, 15),
  clerkName: '張三', // traditional characters are in GBK too
  household: { number: '3-017', headName: '王𠀀㐀' }, // CJK ext. B and A: four-byte GB18030, not in GBK
  lines: [
    { name: '毛巾', qty: 2, unitPoints: 500, points: 1000 },
    { name: '¥5 代金券', qty: 1, unitPoints: 50, points: 50 },
  ],
  totalPoints: 1050,
  balanceBefore: 2000,
  balanceAfter: 950,
  saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000042',
  reprint: false,
  shift: null,
};

function encode(charset: 'GB18030' | 'GBK', width: 58 | 80 = 58, cutter = true) {
  const blocks = layoutReceipt(receipt, { width });
  const bytes = encodeBlocks(blocks, { width, charset, cutter, rasterizer });
  return { blocks, bytes, decoded: decodeEscPos(bytes) };
}

describe('ESC/POS encoding', () => {
  it('sends GB18030, never UTF-8, and decodes back to the laid-out text (GB18030 printer)', () => {
    const { blocks, bytes, decoded } = encode('GB18030');
    expect([...bytes.subarray(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]);
    for (const word of ['幸福村积分超市', '毛巾', '張三', '王𠀀㐀', '代金券']) {
      expect(bytes.includes(Buffer.from(word, 'utf8')), word).toBe(false);
      expect(bytes.includes(iconv.encode(word, 'gb18030')), word).toBe(true);
    }
    expect(decoded.unknown).toEqual([]);
    expect(decoded.documents).toHaveLength(1);
    const doc = decoded.documents[0]!;
    const expected = blocks.map((b) => blockText(b, COLUMNS[58])).filter((t) => t !== null);
    expect(doc.lines.filter((l) => l.text !== '').map((l) => l.text)).toEqual(expected);
    expect(doc.rasters).toHaveLength(0);
    expect(doc.qr).toEqual([receipt.saleId]);
    expect(doc.text).toContain('￥5 代金券');
  });

  it('prints lines with characters a GBK printer lacks as paper-wide images, and all other text in GBK', () => {
    const { blocks, decoded } = encode('GBK');
    const doc = decoded.documents[0]!;
    expect(decoded.unknown).toEqual([]);
    expect(doc.rasters).toHaveLength(1);
    const [image] = doc.rasters;
    expect(image!.width).toBe(COLUMNS[58] * 12);
    expect(image!.height).toBe(30);
    expect(image!.inked).toBeGreaterThan(200);
    const rasterAt = doc.items.findIndex((i) => i.kind === 'raster');
    const before = doc.items[rasterAt - 1];
    expect(before).toMatchObject({ kind: 'text', text: expect.stringContaining('收银员 Clerk') });
    for (const line of doc.lines) {
      expect(iconv.decode(iconv.encode(line.text, 'gbk'), 'gbk'), line.text).toBe(line.text);
    }
    expect(doc.text).not.toContain('𠀀');
    const textLines = blocks.filter((b) => b.type === 'text' || b.type === 'separator').length;
    expect(doc.lines.filter((l) => l.text !== '')).toHaveLength(textLines - 1);
  });

  it('draws the rare name characters from the system fonts when they have them, a box when none does', () => {
    const unknown = String.fromCodePoint(0x2fff0);
    expect(rasterizer.missing(`王${unknown}`)).toEqual([0x2fff0]);
    const boxed = rasterizer.renderLine(unknown, { columns: 2, align: 'left', bold: false, size: 1 });
    expect(boxed.data.some((b) => b !== 0)).toBe(true);
    const big = rasterizer.renderLine('王𠀀', { columns: 8, align: 'center', bold: true, size: 2 });
    expect(big).toMatchObject({ width: 96, height: 60 });
  });

  it('feeds instead of cutting on a printer without a cutter', () => {
    const { decoded } = encode('GB18030', 80, false);
    expect(decoded.documents).toHaveLength(0);
    expect(decoded.rest.filter((i) => i.kind === 'feed').map((i) => i.kind === 'feed' && i.lines)).toEqual([
      3, 4,
    ]);
  });
});

describe('QR code as an image, for printers without GS ( k', () => {
  it('draws every module of the sale id code at the module size, centred', () => {
    const blocks = layoutReceipt(receipt, { width: 80 });
    const bytes = encodeBlocks(blocks, {
      width: 80,
      charset: 'GB18030',
      cutter: true,
      rasterizer,
      qr: 'raster',
      qrModule: 4,
    });
    const doc = decodeEscPos(bytes).documents[0]!;
    expect(doc.qr).toEqual([]);
    const [image] = doc.rasters;
    const { size, data } = QRCode.create(receipt.saleId!, { errorCorrectionLevel: 'M' }).modules;
    expect(image!.height).toBe((size + 8) * 4);
    const left = Math.floor((image!.width - (size + 8) * 4) / 2) + 16;
    const dot = (x: number, y: number) =>
      (image!.data[y * (image!.width / 8) + (x >> 3)]! >> (7 - (x & 7))) & 1;
    for (let my = 0; my < size; my++) {
      for (let mx = 0; mx < size; mx++) {
        expect(dot(left + mx * 4 + 2, 16 + my * 4 + 2), `module ${mx},${my}`).toBe(data[my * size + mx]);
      }
    }
  });
});
