import QRCode from 'qrcode';
import { blockText, COLUMNS, type PaperWidth, type ReceiptBlock } from '../../src/receipt';
import { encodeText, type PrinterCharset, printableAsText } from './charset';
import type { Bitmap, GlyphRasterizer } from './glyph-raster';

/**
 * Layout blocks → ESC/POS bytes. A small encoder of our own (see
 * docs/decisions/0200-escpos-library.md): the few commands a receipt needs, text in
 * GB18030 through iconv-lite, and lines a GBK printer cannot print as raster images.
 */

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const LF = 0x0a;

export interface EncodeOptions {
  width: PaperWidth;
  charset: PrinterCharset;
  /** Printers without a cutter only feed. */
  cutter: boolean;
  /** QR module size in dots (1–16). */
  qrModule?: number;
  /** 'raster' draws the QR code as an image, for printers without GS ( k. */
  qr?: 'native' | 'raster';
  rasterizer: GlyphRasterizer;
}

const ALIGN = { left: 0, center: 1, right: 2 } as const;

/** GS v 0: print a raster bit image, normal density. */
export function rasterCommand(bitmap: Bitmap): Buffer {
  const xBytes = bitmap.width / 8;
  const head = Buffer.from([
    GS,
    0x76,
    0x30,
    0,
    xBytes & 0xff,
    xBytes >> 8,
    bitmap.height & 0xff,
    bitmap.height >> 8,
  ]);
  return Buffer.concat([head, bitmap.data]);
}

/** GS ( k: QR model 2, module size, error correction M, store the data, print it. */
function qrCommands(data: string, module: number): Buffer {
  const payload = Buffer.from(data, 'ascii');
  const storeLen = payload.length + 3;
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0]),
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, module]),
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31]),
    Buffer.from([GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30]),
    payload,
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]),
  ]);
}

/** The QR code as a centred image: each module a square of `module` dots, with a quiet zone. */
export function qrBitmap(data: string, module: number, paperDots: number): Bitmap {
  const { size, data: modules } = QRCode.create(data, { errorCorrectionLevel: 'M' }).modules;
  const side = (size + 8) * module;
  const width = Math.ceil(paperDots / 8) * 8;
  const left = Math.max(0, Math.floor((width - side) / 2)) + 4 * module;
  const bitmap: Bitmap = { width, height: side, data: new Uint8Array((width / 8) * side) };
  for (let y = 0; y < size * module; y++) {
    const row = (y + 4 * module) * (width / 8);
    for (let x = 0; x < size * module; x++) {
      if (!modules[Math.floor(y / module) * size + Math.floor(x / module)]) continue;
      const px = left + x;
      if (px < width) bitmap.data[row + (px >> 3)]! |= 0x80 >> (px & 7);
    }
  }
  return bitmap;
}

export function encodeBlocks(blocks: ReceiptBlock[], options: EncodeOptions): Buffer {
  const columns = COLUMNS[options.width];
  // ESC @ resets the printer; FS & selects the Chinese (double-byte) character mode.
  const out: Buffer[] = [Buffer.from([ESC, 0x40, FS, 0x26])];
  const push = (...bytes: number[]) => out.push(Buffer.from(bytes));
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
      case 'separator': {
        const text = blockText(block, columns)!;
        const align = block.type === 'text' ? block.align : 'left';
        const bold = block.type === 'text' && block.bold;
        const size = block.type === 'text' ? block.size : 1;
        if (printableAsText(text, options.charset)) {
          push(ESC, 0x61, ALIGN[align], ESC, 0x45, bold ? 1 : 0, GS, 0x21, size === 2 ? 0x11 : 0);
          out.push(encodeText(text));
          push(LF);
          if (bold || size !== 1) push(ESC, 0x45, 0, GS, 0x21, 0);
        } else {
          // The image is paper-wide and carries its own alignment.
          push(ESC, 0x61, 0);
          out.push(rasterCommand(options.rasterizer.renderLine(text, { columns, align, bold, size })));
        }
        break;
      }
      case 'qr': {
        const module = options.qrModule ?? (options.width === 58 ? 5 : 6);
        if (options.qr === 'raster') {
          push(ESC, 0x61, 0);
          out.push(rasterCommand(qrBitmap(block.data, module, columns * 12)));
        } else {
          push(ESC, 0x61, 1);
          out.push(qrCommands(block.data, module));
          push(LF, ESC, 0x61, 0);
        }
        break;
      }
      case 'feed':
        push(ESC, 0x64, Math.min(255, block.lines));
        break;
      case 'cut':
        // GS V 66 0: partial cut after feeding nothing more (the layout already fed).
        if (options.cutter) push(GS, 0x56, 66, 0);
        else push(ESC, 0x64, 4);
        break;
    }
  }
  return Buffer.concat(out);
}
