import { localDateTime } from '../clock';
import { formatPoints } from '../money';
import { COLUMNS, type LayoutOptions, type ReceiptBlock, type ReceiptData, type ReceiptKind } from './types';
import { padLeft, padRight, textWidth, wrapText } from './width';

/**
 * Receipt layout: ReceiptData → printable blocks, a pure function. Every text block is
 * at most the paper's columns wide (size 2 counts double), names wrap without splitting
 * a character, numbers sit right-aligned in fixed columns so a clerk can read them down.
 */

const TITLES: Record<ReceiptKind, string> = {
  sale: '兑换小票 RECEIPT',
  void: '撤销小票 VOID',
  return: '退货小票 RETURN',
  'shift-summary': '交班小结 SHIFT',
};

const TOTAL_LABEL: Record<ReceiptKind, string> = {
  sale: '合计 Total',
  void: '退回积分 Refund',
  return: '退回积分 Refund',
  'shift-summary': '兑换积分 Points',
};

/** Item table columns: name | qty x unit | points (widths in columns). */
const TABLE: Record<58 | 80, { qty: number; pts: number }> = {
  58: { qty: 9, pts: 8 },
  80: { qty: 12, pts: 10 },
};

/** ¥ has no GBK code; the full-width ￥ has one on every Chinese printer. */
function clean(text: string): string {
  return text.replace(/\u00a5/g, '\uffe5').replace(/[\x00-\x1f\x7f]/g, ' ');
}

export class Builder {
  readonly blocks: ReceiptBlock[] = [];
  constructor(readonly columns: number) {}

  line(text: string, opts: { align?: 'left' | 'center' | 'right'; bold?: boolean } = {}): void {
    for (const part of wrapText(clean(text), this.columns)) {
      this.blocks.push({
        type: 'text',
        text: part,
        align: opts.align ?? 'left',
        bold: opts.bold ?? false,
        size: 1,
      });
    }
  }

  /** Large when it fits at double width, else normal size wrapped. */
  big(text: string, bold: boolean): void {
    const t = clean(text);
    if (textWidth(t) * 2 <= this.columns) {
      this.blocks.push({ type: 'text', text: t, align: 'center', bold, size: 2 });
    } else {
      this.line(t, { align: 'center', bold });
    }
  }

  /** Label on the left, value on the right; falls back to two lines when both do not fit. */
  pair(label: string, value: string, bold = false): void {
    const l = clean(label);
    const v = clean(value);
    if (textWidth(l) + 1 + textWidth(v) <= this.columns) {
      this.raw(padRight(l, this.columns - textWidth(v)) + v, bold);
      return;
    }
    this.line(l, { bold });
    for (const part of wrapText(v, this.columns)) this.raw(padLeft(part, this.columns), bold);
  }

  raw(text: string, bold = false): void {
    this.blocks.push({ type: 'text', text, align: 'left', bold, size: 1 });
  }

  separator(char: '-' | '=' = '-'): void {
    this.blocks.push({ type: 'separator', char });
  }

  /** name | qty x unit | points; a name too wide for its column gets full-width lines of its own. */
  item(name: string, qtyText: string, ptsText: string, table: { qty: number; pts: number }): void {
    const nameCol = this.columns - table.qty - table.pts - 2;
    const n = clean(name);
    const numbersFit = textWidth(qtyText) <= table.qty && textWidth(ptsText) <= table.pts;
    const numbers = `${padLeft(qtyText, table.qty)} ${padLeft(ptsText, table.pts)}`;
    if (numbersFit && textWidth(n) <= nameCol) {
      this.raw(`${padRight(n, nameCol)} ${numbers}`);
      return;
    }
    for (const part of wrapText(n, this.columns)) this.raw(part);
    if (numbersFit) {
      this.raw(padLeft(numbers, this.columns));
    } else if (textWidth(qtyText) + 1 + textWidth(ptsText) <= this.columns) {
      this.raw(padLeft(`${qtyText} ${padLeft(ptsText, table.pts)}`, this.columns));
    } else {
      this.raw(padLeft(qtyText, this.columns));
      this.raw(padLeft(ptsText, this.columns));
    }
  }
}

export function layoutReceipt(data: ReceiptData, options: LayoutOptions): ReceiptBlock[] {
  const columns = COLUMNS[options.width];
  const table = TABLE[options.width];
  const b = new Builder(columns);
  const time = (ms: number) => localDateTime(ms, data.timeZone);

  data.header.forEach((h, i) => {
    if (i === 0) b.big(h, true);
    else b.line(h, { align: 'center' });
  });
  b.line(TITLES[data.kind], { align: 'center', bold: true });
  if (data.reprint) b.line('*** 重印 REPRINT ***', { align: 'center', bold: true });
  b.separator('=');

  if (data.receiptNo) b.pair('单号 No.', data.receiptNo);
  b.pair('时间 Time', time(data.time));
  b.pair('收银员 Clerk', data.clerkName);
  if (data.household) b.pair('户号 Household', `${data.household.number} ${data.household.headName}`.trim());
  if (data.byDoorPlate) b.line('凭门牌兑换 BY DOOR PLATE', { bold: true });

  if (data.kind === 'shift-summary' && data.shift) {
    const s = data.shift;
    b.pair('开班 Opened', time(s.openedAt));
    if (s.closedAt !== null) b.pair('交班 Closed', time(s.closedAt));
    b.pair('兑换笔数 Sales', String(s.sales));
    b.pair('撤销笔数 Voids', String(s.voids));
    b.separator();
    b.item('商品', '数量', '积分', table);
    for (const g of s.goods) b.item(g.name, String(g.qty), formatPoints(g.points), table);
    b.separator();
    b.pair(TOTAL_LABEL[data.kind], formatPoints(s.pointsRedeemed), true);
  } else {
    b.separator();
    b.item('商品', '数量x单价', '积分', table);
    for (const l of data.lines) {
      b.item(l.name, `${l.qty}x${formatPoints(l.unitPoints)}`, formatPoints(l.points), table);
    }
    b.separator();
    b.pair(TOTAL_LABEL[data.kind], formatPoints(data.totalPoints), true);
    if (data.balanceBefore !== null) b.pair('原积分 Before', formatPoints(data.balanceBefore));
    if (data.balanceAfter !== null) b.pair('现积分 After', formatPoints(data.balanceAfter), true);
  }

  b.separator();
  if (data.saleId) b.blocks.push({ type: 'qr', data: data.saleId });
  for (const f of data.footer) b.line(f, { align: 'center' });
  b.blocks.push({ type: 'feed', lines: 3 }, { type: 'cut' });
  return b.blocks;
}

/** What a test page prints: both scripts, numbers, a QR code, the profile in words. */
export function layoutTestPage(
  options: LayoutOptions & { description: string[]; time: string },
): ReceiptBlock[] {
  const b = new Builder(COLUMNS[options.width]);
  b.big('打印测试', true);
  b.line('TEST PAGE', { align: 'center', bold: true });
  b.separator('=');
  for (const d of options.description) b.line(d);
  b.pair('时间 Time', options.time);
  b.line('简体：积分超市 兑换 毛巾 大米');
  b.line('繁體：積分超市 兌換 毛巾 大米');
  b.item('毛巾', '2x0.5', '1', TABLE[options.width]);
  b.line('0123456789'.repeat(Math.ceil(COLUMNS[options.width] / 10)).slice(0, COLUMNS[options.width]));
  b.separator();
  b.blocks.push({ type: 'qr', data: 'JIFEN-TILL TEST' }, { type: 'feed', lines: 3 }, { type: 'cut' });
  return b.blocks;
}

/** The text of a block as printed, for previews and tests; separators fill the width. */
export function blockText(block: ReceiptBlock, columns: number): string | null {
  if (block.type === 'text') return block.text;
  if (block.type === 'separator') return block.char.repeat(columns);
  return null;
}
