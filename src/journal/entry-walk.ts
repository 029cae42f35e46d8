import { DATE_TEXT, type EntryBody, type EntryKind, HASH_HEX, type JournalEntry } from './entry';
import { pointsBodyAsZodParses } from './points-body';
import { saleBodyAsZodParses, saleLines } from './sale-body';
import {
  isHundredths,
  isInt,
  isPlain,
  isSafeIntFrom,
  isStringUpTo,
  isUuid,
  isUuidOrNull,
  text,
  UUID,
} from './walk-checks';

/**
 * `JournalEntrySchema.parse` without zod for the kinds a push carries by the thousand
 * (decision 0453): sales, voids, points awards, deductions and reversals, stock moves. On
 * a push of 5000 entries zod's generic walk was a tenth of the township server's CPU.
 *
 * One-sided, as saleBodyAsZodParses: it returns what zod would return (a new entry with
 * the schema's fields in the schema's order, texts trimmed, the body walked the same way)
 * or null when it is not sure, and the caller then asks zod, so every error and every
 * unusual input stays zod's. It is sure only of plain objects whose values pass every
 * check; a key the schema does not name is left out, as zod strips it (as in decision
 * 0481's points walk, which this one reuses). Any other kind is left to zod.
 * `entry-walk.test.ts` holds it to zod on every kind, on edge values and random entries.
 */
export function entryAsZodParses(entry: unknown): JournalEntry | null {
  if (!UUID || !isPlain(entry)) return null;
  const e = entry as Record<string, unknown>;
  const { id, deviceId, seq, at, businessDate, clerkId, prevHash, hash, kind } = e;
  const walk = typeof kind === 'string' ? BODY_WALKS.get(kind) : undefined;
  if (walk === undefined) return null;
  if (!isUuid(id) || !isUuid(deviceId) || !isUuidOrNull(clerkId)) return null;
  if (!isSafeIntFrom(seq, 1) || !isSafeIntFrom(at, 0)) return null;
  if (typeof businessDate !== 'string' || !DATE_TEXT.test(businessDate)) return null;
  if (typeof prevHash !== 'string' || !HASH_HEX.test(prevHash)) return null;
  if (typeof hash !== 'string' || !HASH_HEX.test(hash)) return null;
  const body = walk(e.body);
  if (body === null) return null;
  // The schema's order: the header, then kind and body.
  return { id, deviceId, seq, at, businessDate, clerkId, prevHash, hash, kind, body } as JournalEntry;
}

/**
 * The body alone, walked as entryAsZodParses walks it for its kind: what the kind's body
 * schema returns, or null when not sure or when no walk knows the kind (verify checks
 * every stored body this way first, decision 0481).
 */
export function bodyAsZodParses(kind: string, body: unknown): object | null {
  const walk = UUID ? BODY_WALKS.get(kind) : undefined;
  return walk === undefined ? null : walk(body);
}

type StockBody = EntryBody<'stock.receive'>;
type VoidBody = EntryBody<'sale.void'>;

/** StockBodySchema: every stock move. */
function stockBody(v: unknown): StockBody | null {
  if (!isPlain(v)) return null;
  const b = v as Record<string, unknown>;
  const { productId, shopId, qty, unitCostFen, reason, reference } = b;
  if (!isUuid(productId) || !isUuid(shopId) || !isInt(qty, -1_000_000, 1_000_000) || qty === 0) return null;
  if (!isInt(unitCostFen, 0, 10_000_000_000) || !isStringUpTo(reason, 200) || !isStringUpTo(reference, 120))
    return null;
  const out: StockBody = { productId, shopId, qty, unitCostFen, reason, reference };
  if (Object.hasOwn(b, 'donatedValueFen')) {
    const donatedValueFen = b.donatedValueFen;
    if (!isInt(donatedValueFen, 0, 10_000_000_000)) return null;
    out.donatedValueFen = donatedValueFen;
  }
  return out;
}

/** SaleVoidBodySchema: its lines are a sale's lines, walked by the sale's own walk. */
function voidBody(v: unknown): VoidBody | null {
  if (!isPlain(v)) return null;
  const b = v as Record<string, unknown>;
  const { saleId, householdId, shopId, approvedBy, totalPoints, mode } = b;
  const reason = text(b.reason, 200);
  if (reason === null || !isUuid(saleId) || !isUuid(householdId) || !isUuid(shopId) || !isUuid(approvedBy))
    return null;
  if (!isHundredths(totalPoints) || totalPoints <= 0 || (mode !== 'void' && mode !== 'return')) return null;
  const lines = saleLines(b.lines);
  if (lines === null) return null;
  return { saleId, householdId, shopId, reason, approvedBy, lines, totalPoints, mode };
}

const BODY_WALKS = new Map<string, (body: unknown) => object | null>([
  ['sale', saleBodyAsZodParses],
  ['sale.void', voidBody],
  ...(['points.award', 'points.deduct', 'points.reverse'] satisfies EntryKind[]).map(
    (k) => [k, pointsBodyAsZodParses] as const,
  ),
  ...(
    [
      'stock.receive',
      'stock.donation',
      'stock.adjust',
      'stock.stocktake',
      'stock.writeoff',
    ] satisfies EntryKind[]
  ).map((k) => [k, stockBody] as const),
]);
