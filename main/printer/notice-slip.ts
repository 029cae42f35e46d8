import { z } from 'zod';
import { localDateTime } from '../../src/clock';
import { formatPoints } from '../../src/money';
import type { Notice } from '../../src/points';
import { COLUMNS, type PaperWidth, type ReceiptBlock } from '../../src/receipt';
import { Builder } from '../../src/receipt/layout';

/**
 * The monthly public notice, short version, on the receipt printer: village and month, the
 * village's sums, the top ten, every household's total, the red and black lists. The
 * entry-by-entry list stays on the A4 page. Stored as a 'document' print job and laid out
 * again at print time, like the stock papers.
 */
const text = z.string().max(200);
const hundredths = z.number().int().min(-1_000_000_000).max(1_000_000_000);
const total = z.object({ householdNumber: z.string().max(40), name: text, net: hundredths });
const listing = z.object({
  householdNumber: z.string().max(40),
  name: text,
  reason: text,
  from: z.string().max(10),
  until: z.string().max(10).nullable(),
});

export const NoticeSlipSchema = z.object({
  layout: z.literal('notice-slip'),
  header: z.array(text).max(10),
  time: z.number().int().min(0),
  timeZone: z.string().max(60).optional(),
  villageName: text,
  period: z.string().regex(/^\d{4}-\d{2}$/),
  awarded: hundredths,
  deducted: hundredths,
  net: hundredths,
  top10: z.array(total.extend({ rank: z.number().int().min(1) })).max(20),
  totals: z.array(total).max(5000),
  red: z.array(listing).max(1000),
  black: z.array(listing).max(1000),
});
export type NoticeSlip = z.infer<typeof NoticeSlipSchema>;

/** What the printer service is handed: the shop header is added there. */
export function noticeSlipOf(
  notice: Notice,
  at: { time: number; timeZone?: string },
): Omit<NoticeSlip, 'header'> {
  const total = (t: Notice['totals'][number]) => ({
    householdNumber: t.householdNumber,
    name: t.name,
    net: t.net,
  });
  const listing = (l: Notice['red'][number]) => ({
    householdNumber: l.householdNumber,
    name: l.name,
    reason: l.reason,
    from: l.from,
    until: l.until,
  });
  return {
    layout: 'notice-slip',
    time: at.time,
    ...(at.timeZone ? { timeZone: at.timeZone } : {}),
    villageName: notice.villageName,
    period: notice.period,
    awarded: notice.awarded,
    deducted: notice.deducted,
    net: notice.net,
    top10: notice.top10.map((t) => ({ ...total(t), rank: t.rank })),
    totals: notice.totals.map(total),
    red: notice.red.map(listing),
    black: notice.black.map(listing),
  };
}

/** House number and name | points: no quantity column, the points right-aligned. */
const TABLE: Record<PaperWidth, { qty: number; pts: number }> = {
  58: { qty: 0, pts: 8 },
  80: { qty: 0, pts: 10 },
};

export function layoutNoticeSlip(doc: NoticeSlip, width: PaperWidth): ReceiptBlock[] {
  const b = new Builder(COLUMNS[width]);
  const table = TABLE[width];
  const row = (name: string, pts: string) => b.item(name, '', pts, table);
  doc.header.forEach((h, i) => {
    if (i === 0) b.big(h, true);
    else b.line(h, { align: 'center' });
  });
  b.line(`${doc.villageName} ${doc.period}`, { align: 'center', bold: true });
  b.line('积分公示 POINTS NOTICE', { align: 'center', bold: true });
  b.separator('=');
  b.pair('奖励 Awarded', formatPoints(doc.awarded));
  b.pair('扣减 Deducted', formatPoints(doc.deducted));
  b.pair('净增 Net', formatPoints(doc.net), true);
  b.pair('户数 Households', String(doc.totals.length));
  b.separator();
  b.line('前十名 TOP 10', { bold: true });
  if (doc.top10.length === 0) b.line('（无 none）');
  for (const t of doc.top10) row(`${t.rank}. ${t.householdNumber} ${t.name}`, formatPoints(t.net));
  b.separator();
  b.line('各户合计 HOUSEHOLD TOTALS', { bold: true });
  if (doc.totals.length === 0) b.line('（无 none）');
  for (const t of doc.totals) row(`${t.householdNumber} ${t.name}`, formatPoints(t.net));
  b.separator();
  b.line('红榜 RED LIST', { bold: true });
  if (doc.red.length === 0) b.line('（无 none）');
  for (const r of doc.red) b.line(`${r.householdNumber} ${r.name} ${r.reason}`);
  b.separator();
  b.line('黑榜 BLACK LIST', { bold: true });
  if (doc.black.length === 0) b.line('（无 none）');
  for (const r of doc.black) {
    b.line(`${r.householdNumber} ${r.name} ${r.reason}`);
    b.line(`${r.from} 至 ${r.until ?? '—'}`);
  }
  b.separator();
  b.pair('打印 Printed', localDateTime(doc.time, doc.timeZone));
  b.blocks.push({ type: 'feed', lines: 3 }, { type: 'cut' });
  return b.blocks;
}
