import { existsSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { charWidth } from '../../src/receipt';

/**
 * Draws text into a 1-bit bitmap for ESC/POS raster printing (GS v 0), for characters
 * a GBK printer has no glyph for. Fonts come from files already on the till (system
 * CJK fonts), parsed by fontkit and filled here with a small non-zero scanline
 * rasteriser: pure JavaScript, nothing native to rebuild for Electron. A character
 * none of the fonts has is drawn as an empty box, so the clerk sees something is
 * missing instead of a wrong character.
 */

export const DOTS_PER_COLUMN = 12;
const EM = 24;
const LINE_GAP = 6;

export interface Bitmap {
  /** Width in dots (a multiple of 8). */
  width: number;
  height: number;
  /** Row-major, 1 bit per dot, most significant bit first, 1 = black. */
  data: Uint8Array;
}

/** Font files searched in order; the first that has a glyph wins. */
export const DEFAULT_FONT_FILES: Record<string, string[]> = {
  linux: [
    '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf',
    '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  ],
  win32: [
    'C:\\Windows\\Fonts\\simsun.ttc',
    'C:\\Windows\\Fonts\\simsunb.ttf',
    'C:\\Windows\\Fonts\\msyh.ttc',
    'C:\\Windows\\Fonts\\mingliub.ttc',
  ],
  darwin: ['/System/Library/Fonts/PingFang.ttc', '/System/Library/Fonts/Supplemental/Songti.ttc'],
};

type Font = fontkit.Font;

function loadFonts(files: string[]): Font[] {
  const fonts: Font[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const opened = fontkit.openSync(file) as Font | fontkit.FontCollection;
      if ('fonts' in opened) fonts.push(...opened.fonts);
      else fonts.push(opened);
    } catch {
      // An unreadable font file is skipped; the next one may have the glyph.
    }
  }
  return fonts;
}

type Edge = [x0: number, y0: number, x1: number, y1: number];

/** Glyph outline → edges in dot coordinates (y down), curves flattened to short lines. */
function outlineEdges(font: Font, codePoint: number, cellX: number, cellW: number, scale: number): Edge[] {
  const glyph = font.glyphForCodePoint(codePoint);
  const s = (EM * scale) / font.unitsPerEm;
  const advance = glyph.advanceWidth * s;
  const fit = advance > cellW ? cellW / advance : 1;
  const k = s * fit;
  const left = cellX + (cellW - advance * fit) / 2;
  const baseline = (EM * scale * font.ascent) / (font.ascent - font.descent);
  const tx = (x: number) => left + x * k;
  const ty = (y: number) => baseline - y * k;
  const edges: Edge[] = [];
  let sx = 0;
  let sy = 0;
  let cx = 0;
  let cy = 0;
  const lineTo = (x: number, y: number) => {
    edges.push([cx, cy, x, y]);
    cx = x;
    cy = y;
  };
  for (const { command, args } of glyph.path.commands) {
    const a = args as number[];
    if (command === 'moveTo') {
      if (cx !== sx || cy !== sy) lineTo(sx, sy);
      sx = cx = tx(a[0]!);
      sy = cy = ty(a[1]!);
    } else if (command === 'lineTo') {
      lineTo(tx(a[0]!), ty(a[1]!));
    } else if (command === 'quadraticCurveTo') {
      const [x0, y0, x1, y1, x2, y2] = [cx, cy, tx(a[0]!), ty(a[1]!), tx(a[2]!), ty(a[3]!)];
      for (let i = 1; i <= 6; i++) {
        const t = i / 6;
        const u = 1 - t;
        lineTo(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
      }
    } else if (command === 'bezierCurveTo') {
      const [x0, y0, x1, y1, x2, y2, x3, y3] = [
        cx,
        cy,
        tx(a[0]!),
        ty(a[1]!),
        tx(a[2]!),
        ty(a[3]!),
        tx(a[4]!),
        ty(a[5]!),
      ];
      for (let i = 1; i <= 8; i++) {
        const t = i / 8;
        const u = 1 - t;
        lineTo(
          u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
          u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
        );
      }
    } else if (command === 'closePath') {
      lineTo(sx, sy);
    }
  }
  if (cx !== sx || cy !== sy) lineTo(sx, sy);
  return edges;
}

/**
 * Non-zero winding fill with area coverage (4 sub-rows per dot, exact horizontal
 * overlap): a dot is black when at least a quarter of it is ink, so the hairline
 * strokes of Song/Ming faces survive at 24 dots instead of vanishing between samples.
 */
function fill(bitmap: Bitmap, edges: Edge[], height: number, dx = 0): void {
  const rowBytes = bitmap.width / 8;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  for (const [x0, , x1] of edges) {
    minX = Math.min(minX, x0, x1);
    maxX = Math.max(maxX, x0, x1);
  }
  const from = Math.max(0, Math.floor(minX + dx));
  const to = Math.min(bitmap.width, Math.ceil(maxX + dx) + 1);
  if (from >= to) return;
  const cover = new Float32Array(to - from);
  for (let y = 0; y < height; y++) {
    cover.fill(0);
    for (let sub = 0; sub < 4; sub++) {
      const sy = y + (sub + 0.5) / 4;
      const crossings: [number, number][] = [];
      for (const [x0, y0, x1, y1] of edges) {
        if (y0 === y1) continue;
        if (sy < Math.min(y0, y1) || sy >= Math.max(y0, y1)) continue;
        crossings.push([x0 + ((sy - y0) * (x1 - x0)) / (y1 - y0) + dx, y1 > y0 ? 1 : -1]);
      }
      crossings.sort((p, q) => p[0] - q[0]);
      let winding = 0;
      for (let i = 0; i < crossings.length - 1; i++) {
        winding += crossings[i]![1];
        if (winding === 0) continue;
        const a = Math.max(from, crossings[i]![0]);
        const b = Math.min(to, crossings[i + 1]![0]);
        for (let x = Math.floor(a); x < b; x++) cover[x - from]! += (Math.min(b, x + 1) - Math.max(a, x)) / 4;
      }
    }
    const row = y * rowBytes;
    for (let x = from; x < to; x++) {
      if (cover[x - from]! >= 0.25) bitmap.data[row + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
}

function box(bitmap: Bitmap, x: number, w: number, top: number, h: number): void {
  const rowBytes = bitmap.width / 8;
  const set = (px: number, py: number) => {
    bitmap.data[(top + py) * rowBytes + (px >> 3)]! |= 0x80 >> (px & 7);
  };
  for (let i = 2; i < w - 2; i++) {
    set(x + i, 2);
    set(x + i, h - 3);
  }
  for (let j = 2; j < h - 2; j++) {
    set(x + 2, j);
    set(x + w - 3, j);
  }
}

export interface GlyphRasterizer {
  /** One printed line as a bitmap `columns` × 12 dots wide; `size` 2 doubles width and height. */
  renderLine(
    text: string,
    opts: { columns: number; align: 'left' | 'center' | 'right'; bold: boolean; size: 1 | 2 },
  ): Bitmap;
  /** Code points no font file has; they print as boxes. */
  missing(text: string): number[];
}

export function createGlyphRasterizer(
  fontFiles: string[] = DEFAULT_FONT_FILES[process.platform] ?? [],
): GlyphRasterizer {
  let fonts: Font[] | null = null;
  /** Each glyph is filled once per size and weight, then copied: receipts repeat characters. */
  const glyphs = new Map<string, Bitmap>();
  const glyph = (cp: number, cellW: number, size: 1 | 2, bold: boolean): Bitmap => {
    const key = `${cp}:${size}:${bold ? 'b' : ''}`;
    let g = glyphs.get(key);
    if (g) return g;
    const rowBytes = Math.ceil(cellW / 8);
    g = { width: rowBytes * 8, height: EM * size, data: new Uint8Array(rowBytes * EM * size) };
    const font = fontFor(cp);
    if (font) {
      const edges = outlineEdges(font, cp, 0, cellW, size);
      fill(g, edges, g.height);
      if (bold) fill(g, edges, g.height, 1);
    } else {
      box(g, 0, cellW, 0, g.height);
    }
    glyphs.set(key, g);
    return g;
  };
  const blit = (dest: Bitmap, g: Bitmap, x: number) => {
    const gRow = g.width / 8;
    const dRow = dest.width / 8;
    for (let y = 0; y < g.height; y++) {
      for (let gx = 0; gx < g.width; gx++) {
        if (!((g.data[y * gRow + (gx >> 3)]! >> (7 - (gx & 7))) & 1)) continue;
        const px = x + gx;
        if (px < dest.width) dest.data[y * dRow + (px >> 3)]! |= 0x80 >> (px & 7);
      }
    }
  };
  const fontFor = (cp: number): Font | null => {
    fonts ??= loadFonts(fontFiles);
    for (const f of fonts) {
      if (f.hasGlyphForCodePoint(cp) && f.glyphForCodePoint(cp).id !== 0) return f;
    }
    return null;
  };
  return {
    renderLine(text, { columns, align, bold, size }) {
      const width = Math.ceil((columns * DOTS_PER_COLUMN) / 8) * 8;
      const height = (EM + LINE_GAP) * size;
      const bitmap: Bitmap = { width, height, data: new Uint8Array((width / 8) * height) };
      const chars = [...text].map((ch) => ch.codePointAt(0)!);
      const used = chars.reduce((w, cp) => w + charWidth(cp) * DOTS_PER_COLUMN * size, 0);
      let x = align === 'left' ? 0 : align === 'center' ? Math.floor((width - used) / 2) : width - used;
      x = Math.max(0, x);
      for (const cp of chars) {
        const cellW = charWidth(cp) * DOTS_PER_COLUMN * size;
        if (cellW === 0 || x + cellW > width) continue;
        if (cp !== 0x20) blit(bitmap, glyph(cp, cellW, size, bold), x);
        x += cellW;
      }
      return bitmap;
    },
    missing(text) {
      return [...text].map((ch) => ch.codePointAt(0)!).filter((cp) => cp > 0x20 && fontFor(cp) === null);
    },
  };
}
