/**
 * A journal entry's ledger rows (rows.ts), derived from it alone: the store writes exactly
 * these, and verify derives them again from the hashed journal.
 */
import type { Entry, JournalEntry } from '../journal';
import { isSelfApproved } from '../points/approval';
import { emptyRows, type LedgerRows, type PointsKind, type PointsRow, type StockRow } from './rows';

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
