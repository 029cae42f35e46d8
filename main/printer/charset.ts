import iconv from 'iconv-lite';

/**
 * Text for Chinese-market printers is GB18030 (a superset of GBK). GB18030 gives every
 * Unicode character a code, but only the one- and two-byte ones exist in GBK; the
 * four-byte ones (CJK extension A and B name characters, ¥, emoji) print as garbage on
 * a GBK-only printer, so those lines go out as images instead.
 */
export type PrinterCharset = 'GB18030' | 'GBK';

const fourByte = new Map<number, boolean>();

function needsFourBytes(codePoint: number): boolean {
  if (codePoint < 0x80) return false;
  let v = fourByte.get(codePoint);
  if (v === undefined) {
    v = iconv.encode(String.fromCodePoint(codePoint), 'gb18030').length === 4;
    fourByte.set(codePoint, v);
  }
  return v;
}

/** True when every character of `text` has a code in this charset. */
export function printableAsText(text: string, charset: PrinterCharset): boolean {
  if (charset === 'GB18030') return true;
  for (const ch of text) {
    if (needsFourBytes(ch.codePointAt(0)!)) return false;
  }
  return true;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates have no code anywhere; they become U+FFFD before encoding. */
export function encodeText(text: string): Buffer {
  return iconv.encode(text.replace(LONE_SURROGATE, '\ufffd'), 'gb18030');
}
