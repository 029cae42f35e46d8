import iconv from 'iconv-lite';
import { textWidth } from '../../src/receipt';

/**
 * ESC/POS → structured document, for the printer emulator and encoder tests. Streaming:
 * `push` bytes as they arrive; a command split across chunks waits for the rest.
 * Emits events in stream order so the emulator can hold printing (paper out) while
 * still answering real-time status requests.
 */

export interface PrintedLine {
  kind: 'text';
  text: string;
  align: 'left' | 'center' | 'right';
  bold: boolean;
  widthMul: number;
  heightMul: number;
  /** Printed columns: display width × width multiplier. */
  columns: number;
}
export interface PrintedRaster {
  kind: 'raster';
  width: number;
  height: number;
  data: Uint8Array;
  /** Black dots. */
  inked: number;
}
export interface PrintedQr {
  kind: 'qr';
  data: string;
}
export interface PrintedFeed {
  kind: 'feed';
  lines: number;
}
export type PrintedItem = PrintedLine | PrintedRaster | PrintedQr | PrintedFeed;

export type DecodeEvent =
  | { type: 'item'; item: PrintedItem }
  | { type: 'cut' }
  | { type: 'init' }
  | { type: 'status-request'; n: number }
  | { type: 'transmit-status'; n: number }
  | { type: 'unknown'; bytes: string };

export class EscPosStreamDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private textBytes: number[] = [];
  private align: PrintedLine['align'] = 'left';
  private bold = false;
  private widthMul = 1;
  private heightMul = 1;
  private qrData = '';

  constructor(private readonly emit: (e: DecodeEvent) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let i = 0;
    for (;;) {
      const used = this.step(i);
      if (used === 0) break;
      i += used;
    }
    this.buf = this.buf.subarray(i);
  }

  private reset(): void {
    this.align = 'left';
    this.bold = false;
    this.widthMul = 1;
    this.heightMul = 1;
  }

  private flushLine(force: boolean): void {
    if (!force && this.textBytes.length === 0) return;
    const text = iconv.decode(Buffer.from(this.textBytes), 'gb18030');
    this.textBytes = [];
    const item: PrintedLine = {
      kind: 'text',
      text,
      align: this.align,
      bold: this.bold,
      widthMul: this.widthMul,
      heightMul: this.heightMul,
      columns: textWidth(text) * this.widthMul,
    };
    this.emit({ type: 'item', item });
  }

  /** Decodes one command or text byte at `i`; returns bytes used, 0 when more are needed. */
  private step(i: number): number {
    const b = this.buf;
    if (i >= b.length) return 0;
    const c = b[i]!;
    const need = (n: number) => (i + n <= b.length ? n : 0);
    const arg = (k: number) => b[i + k]!;
    if (c === 0x0a) {
      this.flushLine(true);
      return 1;
    }
    if (c === 0x0d) return 1;
    if (c === 0x1b) {
      if (!need(2)) return 0;
      const op = arg(1);
      if (op === 0x40) {
        this.flushLine(false);
        this.reset();
        this.emit({ type: 'init' });
        return 2;
      }
      if (op === 0x32) return 2;
      if (!need(3)) return 0;
      const n = arg(2);
      if (op === 0x61) this.align = (['left', 'center', 'right'] as const)[n % 48] ?? 'left';
      else if (op === 0x45) this.bold = (n & 1) === 1;
      else if (op === 0x21) {
        this.bold = (n & 0x08) !== 0;
        this.heightMul = n & 0x10 ? 2 : 1;
        this.widthMul = n & 0x20 ? 2 : 1;
      } else if (op === 0x64) {
        this.flushLine(false);
        this.emit({ type: 'item', item: { kind: 'feed', lines: n } });
      } else if (![0x33, 0x4a, 0x74, 0x2d, 0x4d, 0x52, 0x47].includes(op)) {
        this.emit({ type: 'unknown', bytes: b.subarray(i, i + 2).toString('hex') });
        return 2;
      }
      return 3;
    }
    if (c === 0x1d) {
      if (!need(2)) return 0;
      const op = arg(1);
      if (op === 0x76) {
        if (!need(8)) return 0;
        const xBytes = arg(4) + arg(5) * 256;
        const height = arg(6) + arg(7) * 256;
        const total = 8 + xBytes * height;
        if (!need(total)) return 0;
        this.flushLine(false);
        const data = new Uint8Array(b.subarray(i + 8, i + total));
        let inked = 0;
        for (const byte of data) for (let k = byte; k; k &= k - 1) inked++;
        this.emit({ type: 'item', item: { kind: 'raster', width: xBytes * 8, height, data, inked } });
        return total;
      }
      if (op === 0x28) {
        if (!need(5)) return 0;
        const len = arg(3) + arg(4) * 256;
        if (!need(5 + len)) return 0;
        if (arg(2) === 0x6b && arg(5) === 0x31) {
          if (arg(6) === 0x50) this.qrData = b.subarray(i + 8, i + 5 + len).toString('latin1');
          if (arg(6) === 0x51) {
            this.flushLine(false);
            this.emit({ type: 'item', item: { kind: 'qr', data: this.qrData } });
          }
        }
        return 5 + len;
      }
      if (op === 0x56) {
        if (!need(3)) return 0;
        const m = arg(2);
        const len = m === 65 || m === 66 ? 4 : 3;
        if (!need(len)) return 0;
        this.flushLine(false);
        this.emit({ type: 'cut' });
        return len;
      }
      if (!need(3)) return 0;
      const n = arg(2);
      if (op === 0x21) {
        this.widthMul = (n >> 4) + 1;
        this.heightMul = (n & 0x0f) + 1;
      } else if (op === 0x72) {
        this.emit({ type: 'transmit-status', n });
      } else {
        this.emit({ type: 'unknown', bytes: b.subarray(i, i + 3).toString('hex') });
      }
      return 3;
    }
    if (c === 0x1c) {
      if (!need(2)) return 0;
      const op = arg(1);
      if (op === 0x26 || op === 0x2e) return 2;
      if (!need(3)) return 0;
      return 3;
    }
    if (c === 0x10) {
      if (!need(3)) return 0;
      if (arg(1) === 0x04) this.emit({ type: 'status-request', n: arg(2) });
      return 3;
    }
    if (c < 0x20) {
      this.emit({ type: 'unknown', bytes: c.toString(16) });
      return 1;
    }
    this.textBytes.push(c);
    return 1;
  }
}

export interface PrintedDocument {
  items: PrintedItem[];
  /** True when the paper was cut at its end (a finished receipt). */
  cut: boolean;
  lines: PrintedLine[];
  /** The text lines joined by newlines, for `toContain` assertions. */
  text: string;
  qr: string[];
  rasters: PrintedRaster[];
}

export function toDocument(items: PrintedItem[], cut: boolean): PrintedDocument {
  const lines = items.filter((i): i is PrintedLine => i.kind === 'text');
  return {
    items,
    cut,
    lines,
    text: lines.map((l) => l.text).join('\n'),
    qr: items.filter((i): i is PrintedQr => i.kind === 'qr').map((q) => q.data),
    rasters: items.filter((i): i is PrintedRaster => i.kind === 'raster'),
  };
}

/** Decodes a whole byte string (no printer in the loop): finished documents and unknown commands. */
export function decodeEscPos(bytes: Buffer): {
  documents: PrintedDocument[];
  rest: PrintedItem[];
  unknown: string[];
} {
  const documents: PrintedDocument[] = [];
  const unknown: string[] = [];
  let items: PrintedItem[] = [];
  new EscPosStreamDecoder((e) => {
    if (e.type === 'item') items.push(e.item);
    else if (e.type === 'cut') {
      documents.push(toDocument(items, true));
      items = [];
    } else if (e.type === 'unknown') unknown.push(e.bytes);
  }).push(bytes);
  return { documents, rest: items, unknown };
}
