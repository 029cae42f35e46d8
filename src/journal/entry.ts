import { z } from 'zod';
import {
  CardIssueBodySchema,
  ClerkPinBodySchema,
  ClerkSetBodySchema,
  ClerkUnlockBodySchema,
  OpeningBalanceBodySchema,
} from './people-entries';

/**
 * The device journal: every business event a device writes (sale, void, award, stock
 * move, card block, ...) is one entry with a gap-free per-device sequence and a
 * SHA-256 hash chain. The ledger tables on the till and the server are projections of
 * these entries; the entry is what is signed, synced and verified.
 *
 * Amounts: points in integer hundredths, yuan in integer fen, stock in whole units.
 */

const id = z.uuid();
const hundredths = z.number().int().min(-1_000_000_000).max(1_000_000_000);
const positiveHundredths = hundredths.refine((v) => v > 0, 'must be above zero');
const fenAmount = z.number().int().min(0).max(10_000_000_000);
const qty = z.number().int().min(1).max(1_000_000);
/** A business date's text (the entry walk checks it with this very pattern). */
export const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
/** A SHA-256 hash's lower-case hex, as entries carry it. */
export const HASH_HEX = /^[0-9a-f]{64}$/;
const date = z.string().regex(DATE_TEXT);
const text = (max: number) => z.string().trim().min(1).max(max);

export const SaleLineSchema = z.object({
  productId: id,
  name: text(120),
  qty,
  unitPoints: positiveHundredths,
  points: positiveHundredths,
  /** Moving-average yuan cost per unit at the time of sale, for reports (0 for services). */
  unitCostFen: fenAmount,
  isService: z.boolean(),
});
export type SaleLine = z.infer<typeof SaleLineSchema>;

export const SaleBodySchema = z
  .object({
    shopId: id,
    householdId: id,
    /** The card tapped; absent only for a sale by door plate (decision 0910). */
    cardUid: z
      .string()
      .regex(/^[0-9A-F]{8,20}$/)
      .optional(),
    /** Set when the household was found by its signed door plate, without a card (decision 0910). */
    doorPlate: z.object({ version: z.number().int().min(1).max(999_999) }).optional(),
    receiptNo: text(40),
    lines: z.array(SaleLineSchema).min(1).max(200),
    totalPoints: positiveHundredths,
    balanceBefore: hundredths,
    balanceAfter: hundredths,
    shiftId: id.nullable(),
  })
  .refine((b) => (b.cardUid === undefined) !== (b.doorPlate === undefined), {
    message: 'a sale names either the card tapped or the door plate scanned',
  });

export const SaleVoidBodySchema = z.object({
  saleId: id,
  householdId: id,
  shopId: id,
  reason: text(200),
  /** Manager who approved the void. */
  approvedBy: id,
  /** Lines given back (full void: all of them); points credited back = sum of their points. */
  lines: z.array(SaleLineSchema).min(1).max(200),
  totalPoints: positiveHundredths,
  /** 'void' reverses the whole sale; 'return' gives back some lines. */
  mode: z.enum(['void', 'return']),
});

export const PointsBodySchema = z.object({
  householdId: id,
  memberId: id.nullable(),
  ruleId: id.nullable(),
  /** Signed: awards positive, deductions negative. */
  amount: hundredths.refine((v) => v !== 0, 'must not be zero'),
  reason: text(200),
  proposedBy: id.nullable(),
  approvedBy: id.nullable(),
  /** The entry this one reverses, if it is a correction. */
  reverses: id.nullable(),
  /** The points.propose entry this approval settles (absent: posted without a separate proposal). */
  proposalId: id.nullable().optional(),
  /** The rule's name as it was when the entry was made, so a renamed rule never rewrites history. */
  ruleName: z.string().max(120).nullable().optional(),
});

/** An award, deduction or reversal put forward for approval; it touches no balance. */
export const PointsProposalBodySchema = z.object({
  householdId: id,
  memberId: id.nullable(),
  ruleId: id.nullable(),
  ruleName: z.string().max(120).nullable(),
  amount: hundredths.refine((v) => v !== 0, 'must not be zero'),
  reason: text(200),
  proposedBy: id,
  /** Entries proposed together (a batch at an event) share one id. */
  batchId: id.nullable(),
  /** An approved entry this proposal would reverse. */
  reverses: id.nullable(),
});

export const PointsRejectBodySchema = z.object({
  proposalId: id,
  householdId: id,
  rejectedBy: id,
  reason: text(200),
});

/** A rule as defined from this entry on; the journal keeps every version. */
export const RuleBodySchema = z.object({
  ruleId: id,
  category: text(60),
  name: text(120),
  points: hundredths.refine((v) => v !== 0, 'must not be zero'),
  /** '全体' (everyone) or a member tag such as '党员', '网格员'; '群众' = not a party member. */
  personType: text(40),
  limit: z.enum(['none', 'event', 'month', 'year']),
  /** Yearly cap in hundredths per person (limit 'year'). */
  yearCap: z.number().int().min(1).max(1_000_000_000).nullable(),
  needsApproval: z.boolean(),
  active: z.boolean(),
});

/** Red list: an honour for a household, shown on the monthly notice. */
export const HonourBodySchema = z.object({
  householdId: id,
  title: text(60),
  reason: text(200),
});

export const StockBodySchema = z.object({
  productId: id,
  shopId: id,
  /** Signed change in units on hand. */
  qty: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((v) => v !== 0, 'must not be zero'),
  /** Yuan cost per unit this move used (receipt cost, or the moving average for outflows). */
  unitCostFen: fenAmount,
  reason: z.string().max(200),
  /** Supplier, donor, stocktake id: free reference. */
  reference: z.string().max(120),
  /** Donations only: the donor's estimated yuan value per unit (the cost policy may value it otherwise). */
  donatedValueFen: fenAmount.optional(),
});

/** A product as a till created or changed it (offline too); see docs/decisions/0800-catalog-ownership.md. */
export const CatalogProductBodySchema = z.object({
  productId: id,
  shopId: id,
  /** Every barcode of the product; the first is its main one. Unique across products. */
  barcodes: z.array(z.string().regex(/^\d{6,14}$/)).max(10),
  name: text(120),
  pinyin: z.string().max(120),
  unit: text(20),
  /** Units in one case: a case of 12 received as 12. */
  packSize: z.number().int().min(1).max(10_000),
  category: z.string().max(60),
  pricePoints: positiveHundredths,
  costFen: fenAmount,
  isService: z.boolean(),
  active: z.boolean(),
  lowStock: z.number().int().min(0).max(1_000_000),
  favourite: z.boolean(),
});

export const CardBodySchema = z.object({
  cardUid: z.string().regex(/^[0-9A-F]{8,20}$/),
  householdId: id.nullable(),
  reason: z.string().max(200),
  /** An unblock names the block and lost entries it lifts (decision 0414); absent: all open ones. */
  lifts: z.array(id).max(50).optional(),
});

export const SuspensionBodySchema = z.object({
  householdId: id,
  /** First day redemption is allowed again (exclusive end of the suspension). */
  resumesOn: date,
  reason: text(200),
  /** An early lift names the suspension entry it lifts and who proposed and approved it. */
  lifts: id.nullable().optional(),
  proposedBy: id.nullable().optional(),
  approvedBy: id.nullable().optional(),
});

export const ShiftBodySchema = z.object({
  shiftId: id,
  shopId: id,
  /** Present on close: what the printed summary said. */
  summary: z
    .object({
      sales: z.number().int().min(0),
      voids: z.number().int().min(0),
      pointsRedeemed: hundredths,
    })
    .nullable(),
});

const entryKinds = {
  sale: SaleBodySchema,
  'sale.void': SaleVoidBodySchema,
  'points.award': PointsBodySchema,
  'points.deduct': PointsBodySchema,
  'points.reverse': PointsBodySchema,
  'points.propose': PointsProposalBodySchema,
  'points.reject': PointsRejectBodySchema,
  'rule.define': RuleBodySchema,
  'household.honour': HonourBodySchema,
  'stock.receive': StockBodySchema,
  'stock.donation': StockBodySchema,
  'stock.adjust': StockBodySchema,
  'stock.stocktake': StockBodySchema,
  'stock.writeoff': StockBodySchema,
  'catalog.product': CatalogProductBodySchema,
  'card.block': CardBodySchema,
  'card.lost': CardBodySchema,
  'card.unblock': CardBodySchema,
  'card.replace': CardBodySchema,
  'household.suspend': SuspensionBodySchema,
  'household.lift': SuspensionBodySchema,
  'shift.open': ShiftBodySchema,
  'shift.close': ShiftBodySchema,
  'card.issue': CardIssueBodySchema,
  'clerk.set': ClerkSetBodySchema,
  'clerk.pin': ClerkPinBodySchema,
  'clerk.unlock': ClerkUnlockBodySchema,
  'points.opening': OpeningBalanceBodySchema,
} as const;

export type EntryKind = keyof typeof entryKinds;
export const ENTRY_KINDS = Object.keys(entryKinds) as EntryKind[];
export type EntryBody<K extends EntryKind> = z.infer<(typeof entryKinds)[K]>;

export const GENESIS_HASH = '0'.repeat(64);

const headerShape = {
  id,
  deviceId: id,
  seq: z.number().int().min(1),
  at: z.number().int().min(0),
  businessDate: date,
  clerkId: id.nullable(),
  prevHash: z.string().regex(HASH_HEX),
  hash: z.string().regex(HASH_HEX),
};

export const JournalEntrySchema = z.discriminatedUnion(
  'kind',
  ENTRY_KINDS.map((kind) =>
    z.object({ ...headerShape, kind: z.literal(kind), body: entryKinds[kind] }),
  ) as unknown as [z.ZodObject<typeof headerShape & { kind: z.ZodLiteral<EntryKind>; body: z.ZodTypeAny }>],
);

/** A journal entry of one kind; `JournalEntry` is the union of all of them. */
export type Entry<K extends EntryKind> = {
  id: string;
  deviceId: string;
  seq: number;
  /** Device clock, ms since epoch (ordering is by seq, never by time). */
  at: number;
  /** Asia/Shanghai business date on the device clock. */
  businessDate: string;
  clerkId: string | null;
  kind: K;
  body: EntryBody<K>;
  prevHash: string;
  hash: string;
};
export type JournalEntry = { [K in EntryKind]: Entry<K> }[EntryKind];

/** An entry before it is chained: the store assigns seq, prevHash and hash. */
export type UnchainedEntry = { [K in EntryKind]: Omit<Entry<K>, 'seq' | 'prevHash' | 'hash'> }[EntryKind];

export function bodySchemaFor(kind: EntryKind) {
  return entryKinds[kind];
}

export function isPointsKind(kind: EntryKind): kind is 'points.award' | 'points.deduct' | 'points.reverse' {
  return kind === 'points.award' || kind === 'points.deduct' || kind === 'points.reverse';
}

export function isStockKind(
  kind: EntryKind,
): kind is 'stock.receive' | 'stock.donation' | 'stock.adjust' | 'stock.stocktake' | 'stock.writeoff' {
  return kind.startsWith('stock.');
}

export function isCardKind(
  kind: EntryKind,
): kind is 'card.block' | 'card.lost' | 'card.unblock' | 'card.replace' | 'card.issue' {
  return kind.startsWith('card.');
}
