import { z } from 'zod';
import { localDateTime } from '../../src/clock';
import { formatYuan } from '../../src/money';
import { COLUMNS, type PaperWidth, type ReceiptBlock } from '../../src/receipt';
import { Builder } from '../../src/receipt/layout';

/**
 * The stockkeeper's papers on the receipt printer: the receiving slip (signed by who
 * delivered and who received) and the count sheet (filled in by hand or printed after
 * counting). Stored as 'document' print jobs, laid out again at print time like receipts.
 */
const text = z.string().max(200);
const common = {
  header: z.array(text).max(10),
  time: z.number().int().min(0),
  timeZone: z.string().max(60).optional(),
  clerkName: text,
  reference: text,
};

export const ReceivingSlipSchema = z.object({
  layout: z.literal('receiving-slip'),
  ...common,
  kind: z.enum(['purchase', 'donation']),
  party: text,
  lines: z
    .array(
      z.object({
        name: text,
        qty: z.number().int(),
        unit: z.string().max(20),
        unitCostFen: z.number().int(),
      }),
    )
    .max(500),
  totalFen: z.number().int(),
});

export const CountSheetSchema = z.object({
  layout: z.literal('count-sheet'),
  ...common,
  lines: z
    .array(
      z.object({
        name: text,
        unit: z.string().max(20),
        bookQty: z.number().int(),
        counted: z.number().int().nullable(),
      }),
    )
    .max(5000),
});

export const StockDocumentSchema = z.discriminatedUnion('layout', [ReceivingSlipSchema, CountSheetSchema]);
export type StockDocument = z.infer<typeof StockDocumentSchema>;

const TABLE: Record<PaperWidth, { qty: number; pts: number }> = {
  58: { qty: 6, pts: 8 },
  80: { qty: 8, pts: 10 },
};

export function layoutStockDocument(doc: StockDocument, width: PaperWidth): ReceiptBlock[] {
  const b = new Builder(COLUMNS[width]);
  const table = TABLE[width];
  doc.header.forEach((h, i) => {
    if (i === 0) b.big(h, true);
    else b.line(h, { align: 'center' });
  });
  const title =
    doc.layout === 'count-sheet'
      ? '盘点表 COUNT SHEET'
      : doc.kind === 'donation'
        ? '捐赠入库单 DONATION'
        : '入库单 RECEIVING';
  b.line(title, { align: 'center', bold: true });
  b.separator('=');
  b.pair('单号 No.', doc.reference);
  b.pair('时间 Time', localDateTime(doc.time, doc.timeZone));
  if (doc.layout === 'receiving-slip') {
    b.pair('经办 Clerk', doc.clerkName);
    b.pair(doc.kind === 'donation' ? '捐赠人 Donor' : '供货商 Supplier', doc.party);
    b.separator();
    b.item('商品', '数量', doc.kind === 'donation' ? '估价元' : '单价元', table);
    for (const l of doc.lines) b.item(l.name, `${l.qty}${l.unit}`, formatYuan(l.unitCostFen), table);
    b.separator();
    b.pair(
      doc.kind === 'donation' ? '估值合计 Est. value' : '金额合计 Total',
      `${formatYuan(doc.totalFen)}元`,
      true,
    );
    b.pair('品种 Lines', String(doc.lines.length));
    b.blocks.push({ type: 'feed', lines: 1 });
    b.line(doc.kind === 'donation' ? '捐赠人签字 ________' : '送货人签字 ________');
    b.line('收货人签字 ________');
  } else {
    b.pair('盘点人 Counter', doc.clerkName);
    b.separator();
    b.item('商品', '账面', '实盘', table);
    for (const l of doc.lines)
      b.item(l.name, String(l.bookQty), l.counted === null ? '____' : String(l.counted), table);
    b.separator();
    b.pair('品种 Lines', String(doc.lines.length));
    b.blocks.push({ type: 'feed', lines: 1 });
    b.line('盘点人签字 ________');
    b.line('批准人签字 ________');
  }
  b.blocks.push({ type: 'feed', lines: 3 }, { type: 'cut' });
  return b.blocks;
}

/** A document as a caller hands it in: the printer service adds the shop header. */
export type StockDocumentInput = StockDocument extends infer D
  ? D extends unknown
    ? Omit<D, 'header'>
    : never
  : never;
