import type { Entry, JournalEntry } from '../journal';
import { isSelfApproved } from '../points/approval';

/**
 * The ledger rows a journal entry stands for. Pure and deterministic: the store
 * inserts exactly these rows when it appends an entry, and `verify` derives them
 * again from the hashed journal to find any row edited behind the store's back.
 * Column order matches the tables in main/store/migrations/0001-initial.ts.
 */
export interface LedgerRows {
  points_entries: PointsRow[];
  stock_moves: StockRow[];
  sales: SaleRow[];
  sale_lines: SaleLineRow[];
  sale_reversals: ReversalRow[];
  sale_reversal_lines: ReversalLineRow[];
}

export type PointsKind = 'award' | 'deduction' | 'redemption' | 'reversal' | 'adjustment';
export type StockKind = 'receive' | 'donation' | 'sale' | 'return' | 'adjust' | 'stocktake' | 'write-off';

export interface PointsRow {
  id: string;
  entry_id: string;
  household_id: string;
  amount: number;
  kind: PointsKind;
  rule_id: string | null;
  sale_id: string | null;
  reason: string;
  clerk_id: string | null;
  device_id: string;
  device_seq: number;
  at: number;
  business_date: string;
}

export interface StockRow {
  id: string;
  entry_id: string;
  product_id: string;
  shop_id: string;
  qty: number;
  kind: StockKind;
  unit_cost_fen: number;
  reference: string;
  device_id: string;
  device_seq: number;
  at: number;
}

export interface SaleRow {
  id: string;
  receipt_no: string;
  shop_id: string;
  household_id: string;
  card_uid: string;
  clerk_id: string | null;
  shift_id: string | null;
  total_points: number;
  balance_before: number;
  balance_after: number;
  device_id: string;
  device_seq: number;
  at: number;
  business_date: string;
}

export interface SaleLineRow {
  sale_id: string;
  line_no: number;
  product_id: string;
  name: string;
  qty: number;
  unit_points: number;
  points: number;
  unit_cost_fen: number;
  is_service: number;
}

export interface ReversalRow {
  id: string;
  sale_id: string;
  mode: 'void' | 'return';
  total_points: number;
  reason: string;
  approved_by: string;
  clerk_id: string | null;
  device_id: string;
  device_seq: number;
  at: number;
}

export interface ReversalLineRow {
  reversal_id: string;
  line_no: number;
  product_id: string;
  qty: number;
  points: number;
}

export const LEDGER_TABLES = [
  'points_entries',
  'stock_moves',
  'sales',
  'sale_lines',
  'sale_reversals',
  'sale_reversal_lines',
] as const satisfies readonly (keyof LedgerRows)[];

/**
 * Every column of each table's derived rows: verify asks SQLite for the stored rows as
 * JSON arrays of these and compares them with the derived rows' values picked by the
 * same names (main/store/verify.ts). The type below fails to compile if a row type
 * gains a column this list lacks.
 */
export const LEDGER_COLUMNS = {
  points_entries: [
    'id',
    'entry_id',
    'household_id',
    'amount',
    'kind',
    'rule_id',
    'sale_id',
    'reason',
    'clerk_id',
    'device_id',
    'device_seq',
    'at',
    'business_date',
  ],
  stock_moves: [
    'id',
    'entry_id',
    'product_id',
    'shop_id',
    'qty',
    'kind',
    'unit_cost_fen',
    'reference',
    'device_id',
    'device_seq',
    'at',
  ],
  sales: [
    'id',
    'receipt_no',
    'shop_id',
    'household_id',
    'card_uid',
    'clerk_id',
    'shift_id',
    'total_points',
    'balance_before',
    'balance_after',
    'device_id',
    'device_seq',
    'at',
    'business_date',
  ],
  sale_lines: [
    'sale_id',
    'line_no',
    'product_id',
    'name',
    'qty',
    'unit_points',
    'points',
    'unit_cost_fen',
    'is_service',
  ],
  sale_reversals: [
    'id',
    'sale_id',
    'mode',
    'total_points',
    'reason',
    'approved_by',
    'clerk_id',
    'device_id',
    'device_seq',
    'at',
  ],
  sale_reversal_lines: ['reversal_id', 'line_no', 'product_id', 'qty', 'points'],
} as const satisfies { [T in keyof LedgerRows]: readonly (keyof LedgerRows[T][number])[] };

type Unlisted<T extends keyof LedgerRows> = Exclude<
  keyof LedgerRows[T][number],
  (typeof LEDGER_COLUMNS)[T][number]
>;
export const LEDGER_COLUMNS_COMPLETE: {
  [T in keyof LedgerRows]: [Unlisted<T>] extends [never] ? true : Unlisted<T>;
} = {
  points_entries: true,
  stock_moves: true,
  sales: true,
  sale_lines: true,
  sale_reversals: true,
  sale_reversal_lines: true,
};

const POINTS_KIND = {
  'points.award': 'award',
  'points.deduct': 'deduction',
  'points.reverse': 'reversal',
} as const;

const STOCK_KIND = {
  'stock.receive': 'receive',
  'stock.donation': 'donation',
  'stock.adjust': 'adjust',
  'stock.stocktake': 'stocktake',
  'stock.writeoff': 'write-off',
} as const;

export function emptyRows(): LedgerRows {
  return {
    points_entries: [],
    stock_moves: [],
    sales: [],
    sale_lines: [],
    sale_reversals: [],
    sale_reversal_lines: [],
  };
}

export function deriveLedgerRows(e: JournalEntry): LedgerRows {
  const rows = emptyRows();
  const origin = { device_id: e.deviceId, device_seq: e.seq, at: e.at };
  switch (e.kind) {
    case 'sale': {
      const b = e.body;
      rows.sales.push({
        id: e.id,
        receipt_no: b.receiptNo,
        shop_id: b.shopId,
        household_id: b.householdId,
        // A sale by door plate has no card: the column keeps '' (the journal body says which plate).
        card_uid: b.cardUid ?? '',
        clerk_id: e.clerkId,
        shift_id: b.shiftId,
        total_points: b.totalPoints,
        balance_before: b.balanceBefore,
        balance_after: b.balanceAfter,
        ...origin,
        business_date: e.businessDate,
      });
      b.lines.forEach((l, i) => {
        rows.sale_lines.push({
          sale_id: e.id,
          line_no: i + 1,
          product_id: l.productId,
          name: l.name,
          qty: l.qty,
          unit_points: l.unitPoints,
          points: l.points,
          unit_cost_fen: l.unitCostFen,
          is_service: l.isService ? 1 : 0,
        });
      });
      saleStockMoves(e, rows.stock_moves);
      rows.points_entries.push(salePoints(e));
      break;
    }
    case 'sale.void': {
      const b = e.body;
      rows.sale_reversals.push({
        id: e.id,
        sale_id: b.saleId,
        mode: b.mode,
        total_points: b.totalPoints,
        reason: b.reason,
        approved_by: b.approvedBy,
        clerk_id: e.clerkId,
        ...origin,
      });
      b.lines.forEach((l, i) => {
        rows.sale_reversal_lines.push({
          reversal_id: e.id,
          line_no: i + 1,
          product_id: l.productId,
          qty: l.qty,
          points: l.points,
        });
        if (!l.isService) {
          rows.stock_moves.push({
            id: `${e.id}:${i + 1}`,
            entry_id: e.id,
            product_id: l.productId,
            shop_id: b.shopId,
            qty: l.qty,
            kind: 'return',
            unit_cost_fen: l.unitCostFen,
            reference: b.saleId,
            ...origin,
          });
        }
      });
      rows.points_entries.push(
        pointsRow(e, b.householdId, b.totalPoints, 'reversal', null, b.saleId, b.reason),
      );
      break;
    }
    case 'points.award':
    case 'points.deduct':
    case 'points.reverse': {
      const b = e.body;
      // Two-person rule: a self-approved entry is never counted, wherever it arrives.
      if (isSelfApproved(b)) break;
      rows.points_entries.push(
        pointsRow(e, b.householdId, b.amount, POINTS_KIND[e.kind], b.ruleId, null, b.reason),
      );
      break;
    }
    case 'stock.receive':
    case 'stock.donation':
    case 'stock.adjust':
    case 'stock.stocktake':
    case 'stock.writeoff': {
      const b = e.body;
      rows.stock_moves.push({
        id: e.id,
        entry_id: e.id,
        product_id: b.productId,
        shop_id: b.shopId,
        qty: b.qty,
        kind: STOCK_KIND[e.kind],
        unit_cost_fen: b.unitCostFen,
        reference: b.reference,
        ...origin,
      });
      break;
    }
    case 'points.opening':
      // Carried over from a paper ledger at roster import: an adjustment, not an award.
      rows.points_entries.push(
        pointsRow(e, e.body.householdId, e.body.amount, 'adjustment', null, null, e.body.reason),
      );
      break;
    default:
      // card, household and shift events change state, not the ledgers.
      break;
  }
  for (const list of Object.values(rows) as { id?: string }[][]) list.sort(byId);
  return rows;
}

/** The rows of LedgerRows that move balances and stock levels. */
export type StateRows = Pick<LedgerRows, 'points_entries' | 'stock_moves'>;

/**
 * deriveLedgerRows' points and stock rows alone, the ones the materialised state follows:
 * what an append needs in its transaction, where the other ledger rows come after the
 * commit (decisions 0483, 0462). A sale's are built without its sale and line rows.
 */
export function deriveStateRows(e: JournalEntry): StateRows {
  if (e.kind !== 'sale') return deriveLedgerRows(e);
  const moves = saleStockMoves(e, []);
  if (moves.length > 1) moves.sort(byId);
  return { points_entries: [salePoints(e)], stock_moves: moves };
}

/** A sale's stock moves, one per line of goods, in line order. */
function saleStockMoves(e: Entry<'sale'>, into: StockRow[]): StockRow[] {
  const b = e.body;
  for (let i = 0; i < b.lines.length; i++) {
    const l = b.lines[i]!;
    if (l.isService) continue;
    into.push({
      id: `${e.id}:${i + 1}`,
      entry_id: e.id,
      product_id: l.productId,
      shop_id: b.shopId,
      qty: -l.qty,
      kind: 'sale',
      unit_cost_fen: l.unitCostFen,
      reference: b.receiptNo,
      device_id: e.deviceId,
      device_seq: e.seq,
      at: e.at,
    });
  }
  return into;
}

function salePoints(e: Entry<'sale'>): PointsRow {
  const b = e.body;
  return pointsRow(e, b.householdId, -b.totalPoints, 'redemption', null, e.id, b.receiptNo);
}

function byId(a: { id?: string }, b: { id?: string }): number {
  return (a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0;
}

function pointsRow(
  e: JournalEntry,
  householdId: string,
  amount: number,
  kind: PointsKind,
  ruleId: string | null,
  saleId: string | null,
  reason: string,
): PointsRow {
  return {
    id: e.id,
    entry_id: e.id,
    household_id: householdId,
    amount,
    kind,
    rule_id: ruleId,
    sale_id: saleId,
    reason,
    clerk_id: e.clerkId,
    device_id: e.deviceId,
    device_seq: e.seq,
    at: e.at,
    business_date: e.businessDate,
  };
}
