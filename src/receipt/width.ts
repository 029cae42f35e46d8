/**
 * Display width in printer columns. A Chinese-market ESC/POS printer in its Chinese
 * mode prints every multi-byte GB code (hanzi, full-width forms, but also ×, ·, é,
 * Greek, Cyrillic) from its 24-dot font, i.e. two 12-dot columns; only ASCII comes
 * from the 12-dot font. So the rule is simpler and stricter than Unicode's East Asian
 * Width: printable ASCII is one column, control characters none, everything else two.
 */
export function charWidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 0x20 || codePoint === 0x7f) return 0;
  if (codePoint < 0x7f) return 1;
  return 2;
}

export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** Words stay whole when they can: a Latin/digit run is one token, each wide character another. */
function tokens(text: string): string[] {
  return text.match(/[\x21-\x7e]+|[ ]+|[^\x00-\x7f]/gu) ?? [];
}

/** Splits one token that is wider than a line, character by character (never inside a code point). */
function hardSplit(token: string, width: number): string[] {
  const parts: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of token) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width && cur) {
      parts.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** Greedy wrap to at most `width` columns per line; spaces at a break are dropped. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  let w = 0;
  const flush = () => {
    lines.push(cur.trimEnd());
    cur = '';
    w = 0;
  };
  for (const token of tokens(text.replace(/[\x00-\x1f\x7f]/g, ' '))) {
    const tw = textWidth(token);
    if (token.startsWith(' ')) {
      if (w > 0 && w + tw < width) {
        cur += token;
        w += tw;
      } else if (w > 0) {
        flush();
      }
      continue;
    }
    if (w + tw <= width) {
      cur += token;
      w += tw;
      continue;
    }
    if (w > 0) flush();
    for (const part of hardSplit(token, width)) {
      const pw = textWidth(part);
      if (w + pw > width) flush();
      cur += part;
      w += pw;
    }
  }
  if (cur.trim() || lines.length === 0) flush();
  return lines;
}

export function padLeft(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(text))) + text;
}

export function padRight(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}
