import { z } from 'zod';

/**
 * Restocking calls (issue 12): products, receiving, write-offs, stocktakes, reports,
 * import and export. Quantities and amounts are checked by the use cases (src/stock),
 * which word every refusal for the stockkeeper; the schemas here only fix the shapes.
 */

const id = z.uuid();
const pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits');
/** Typed or scanned: the use case says what is wrong with "1.5", "-3" or "abc". */
const qtyIn = z.union([z.number(), z.string().max(20)]);
const amount = z.number();
const note = z.string().max(200).optional();

const productFields = z.object({
  productId: id.nullable().optional(),
  barcodes: z.array(z.string().max(20)).max(20),
  name: z.string().max(200),
  pinyin: z.string().max(120).optional(),
  unit: z.string().max(40),
  packSize: z.number(),
  category: z.string().max(60),
  pricePoints: amount,
  costFen: amount,
  isService: z.boolean(),
  active: z.boolean(),
  lowStock: z.number(),
  favourite: z.boolean().optional(),
});

const fileInput = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** The file's bytes, base64 (at most ~10 MB). */
  dataBase64: z.string().max(14_000_000),
});

export const stockSchemas = {
  'stock.products': z.object({ query: z.string().max(60).default('') }),
  'stock.product': z.object({ productId: id }),
  'stock.byBarcode': z.object({ code: z.string().max(40) }),
  'stock.saveProduct': productFields,
  'stock.receive': z.object({
    kind: z.enum(['purchase', 'donation']),
    party: z.string().max(120),
    note,
    lines: z
      .array(z.object({ productId: id, qty: qtyIn, packs: z.boolean().optional(), unitCostFen: amount }))
      .max(500),
    print: z.boolean().default(true),
  }),
  'stock.writeOff': z.object({
    reason: z.enum(['damaged', 'expired', 'lost', 'other']),
    note,
    lines: z.array(z.object({ productId: id, qty: qtyIn })).max(500),
  }),
  'stock.count.open': z.object({ productIds: z.array(id).max(5000).optional(), note }),
  'stock.count.list': z.object({}),
  'stock.count.get': z.object({ countId: id }),
  'stock.count.record': z.object({
    countId: id,
    productId: id,
    qty: qtyIn,
    mode: z.enum(['add', 'set']),
  }),
  'stock.count.approve': z.object({
    countId: id,
    managerId: id,
    managerPin: pin,
    resolutions: z.record(z.string(), z.enum(['counted', 'difference'])).optional(),
  }),
  'stock.count.cancel': z.object({ countId: id }),
  'stock.count.print': z.object({ countId: id }),
  'stock.report.lowStock': z.object({}),
  'stock.report.card': z.object({ productId: id, limit: z.number().int().min(1).max(5000).default(200) }),
  'stock.report.value': z.object({}),
  'stock.settings.get': z.object({}),
  'stock.settings.set': z.object({ allowNegative: z.boolean() }),
  'stock.import.preview': fileInput,
  'stock.import.apply': fileInput.extend({ skipBad: z.boolean() }),
  'stock.export': z.object({ format: z.enum(['csv', 'xlsx']) }),
} as const;

export interface StockProductView {
  id: string;
  barcodes: string[];
  name: string;
  pinyin: string;
  unit: string;
  packSize: number;
  category: string;
  /** Hundredths. */
  pricePoints: number;
  costFen: number;
  isService: boolean;
  active: boolean;
  lowStock: number;
  favourite: boolean;
  /** Units on hand; null for services. */
  qty: number | null;
  avgCostFen: number;
  updatedAt: number;
}

export interface ReceiptSummary {
  kind: 'purchase' | 'donation';
  party: string;
  lines: {
    productId: string;
    name: string;
    qty: number;
    unitCostFen: number;
    qtyAfter: number;
    avgCostAfterFen: number;
  }[];
  totalFen: number;
}

export interface CountLineView {
  productId: string;
  name: string;
  unit: string;
  barcode: string | null;
  bookQty: number;
  counted: number | null;
  currentQty: number;
  moved: boolean;
  difference: number | null;
  avgCostFen: number;
}

export interface CountView {
  id: string;
  state: 'open' | 'posted' | 'cancelled';
  countedBy: { id: string; name: string };
  openedAt: number;
  note: string;
  approvedBy: string | null;
  lines: CountLineView[];
}

export interface StockCardView {
  productId: string;
  name: string;
  unit: string;
  qty: number;
  avgCostFen: number;
  rows: {
    at: number;
    kind: string;
    qty: number;
    qtyAfter: number;
    unitCostFen: number;
    avgCostAfterFen: number;
    valueAfterFen: number;
    reference: string;
  }[];
  totalMoves: number;
}

export interface ImportProblem {
  /** 1-based row in the file (the header is row 1). */
  row: number;
  column: string;
  zh: string;
  en: string;
}

export interface ImportReport {
  rows: number;
  valid: number;
  creates: number;
  updates: number;
  problems: ImportProblem[];
  /** Set by apply: how many products were written. */
  written?: number;
}

export interface StockResults {
  'stock.products': StockProductView[];
  'stock.product': StockProductView & { prices: { pricePoints: number; fromAt: number }[] };
  'stock.byBarcode': StockProductView;
  'stock.saveProduct': StockProductView;
  'stock.receive': ReceiptSummary;
  'stock.writeOff': { lines: number; valueFen: number };
  'stock.count.open': CountView;
  'stock.count.list': CountView[];
  'stock.count.get': CountView;
  'stock.count.record': CountView;
  'stock.count.approve': CountView;
  'stock.count.cancel': CountView;
  'stock.count.print': { ok: true };
  'stock.report.lowStock': {
    productId: string;
    name: string;
    unit: string;
    qty: number;
    lowStock: number;
    needsCount: boolean;
  }[];
  'stock.report.card': StockCardView;
  'stock.report.value': {
    shopId: string;
    rows: {
      productId: string;
      name: string;
      category: string;
      qty: number;
      avgCostFen: number;
      valueFen: number;
    }[];
    totalFen: number;
    donatedEstimateFen: number;
  };
  'stock.settings.get': { allowNegative: boolean };
  'stock.settings.set': { allowNegative: boolean };
  'stock.import.preview': ImportReport;
  'stock.import.apply': ImportReport;
  'stock.export': { fileName: string; dataBase64: string };
}
