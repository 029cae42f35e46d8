import { z } from 'zod';

/**
 * What a receipt says, independent of paper width and printer. It is stored as JSON in
 * the print queue, so a job can be re-laid out (reprint, another printer profile) and is
 * validated whenever it crosses that boundary. Points are integer hundredths.
 */
const hundredths = z.number().int().min(-1_000_000_000).max(1_000_000_000);
const shortText = z.string().max(200);

export const RECEIPT_KINDS = ['sale', 'void', 'return', 'shift-summary'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export const ReceiptItemSchema = z.object({
  name: shortText,
  qty: z.number().int().min(-1_000_000).max(1_000_000),
  unitPoints: hundredths,
  points: hundredths,
});
export type ReceiptItem = z.infer<typeof ReceiptItemSchema>;

export const ShiftFiguresSchema = z.object({
  openedAt: z.number().int().min(0),
  closedAt: z.number().int().min(0).nullable(),
  sales: z.number().int().min(0),
  voids: z.number().int().min(0),
  pointsRedeemed: hundredths,
  goods: z.array(z.object({ name: shortText, qty: z.number().int(), points: hundredths })).max(2000),
});
export type ShiftFigures = z.infer<typeof ShiftFiguresSchema>;

export const ReceiptDataSchema = z.object({
  kind: z.enum(RECEIPT_KINDS),
  /** Shop header and footer lines from settings (name, address, phone, a thank-you). */
  header: z.array(shortText).max(10),
  footer: z.array(shortText).max(10),
  receiptNo: z.string().max(60),
  /** Milliseconds since the epoch; printed in the township's zone. */
  time: z.number().int().min(0),
  timeZone: z.string().max(60).optional(),
  clerkName: shortText,
  household: z.object({ number: z.string().max(40), headName: shortText }).nullable(),
  lines: z.array(ReceiptItemSchema).max(500),
  totalPoints: hundredths,
  balanceBefore: hundredths.nullable(),
  balanceAfter: hundredths.nullable(),
  /** Carried by the QR code so a scan finds the sale; null prints no code. */
  saleId: z.string().max(100).nullable(),
  reprint: z.boolean(),
  shift: ShiftFiguresSchema.nullable(),
  /** The household was found by its door plate, without a card (decision 0910). */
  byDoorPlate: z.boolean().optional(),
});
export type ReceiptData = z.infer<typeof ReceiptDataSchema>;

export type PaperWidth = 58 | 80;

export const COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };

export type Align = 'left' | 'center' | 'right';

/**
 * One printable block. A text block is one printed line: its text is already padded
 * and never wider than the paper's columns divided by `size` (size 2 = double width
 * and height).
 */
export type ReceiptBlock =
  | { type: 'text'; text: string; align: Align; bold: boolean; size: 1 | 2 }
  | { type: 'separator'; char: '-' | '=' }
  | { type: 'qr'; data: string }
  | { type: 'feed'; lines: number }
  | { type: 'cut' };

export interface LayoutOptions {
  width: PaperWidth;
}
