import { tillError } from '../../src/errors';
import type { JournalEntry } from '../../src/journal';
import { badInput, checkCostFen, checkQty, donationUnitCost } from '../../src/stock';
import { type Actor, requireRole, type TillContext } from './context';

export const STOCK_ROLES = ['stockkeeper', 'manager'] as const;

/** Setting: allow checkout to sell below zero (decision 0802); default refuse. */
export const ALLOW_NEGATIVE_SETTING = 'stock.allowNegative';

export interface StockProduct {
  id: string;
  name: string;
  unit: string;
  packSize: number;
  qty: number;
  avg: number;
}

/** A goods product with its level at this shop; services and unknown ids are refused. */
export function stockProduct(ctx: TillContext, productId: string): StockProduct {
  const row = ctx.store
    .sql(
      `SELECT p.id, p.name, p.unit, p.pack_size, p.is_service, l.qty, l.avg_cost_fen FROM products p
       LEFT JOIN stock_levels l ON l.product_id = p.id AND l.shop_id = ? WHERE p.id = ?`,
    )
    .get(ctx.shopId, productId) as
    | {
        id: string;
        name: string;
        unit: string;
        pack_size: number;
        is_service: number;
        qty: number | null;
        avg_cost_fen: number | null;
      }
    | undefined;
  if (!row)
    throw tillError('UNKNOWN_PRODUCT', `没有这个商品：${productId}`, `Unknown product: ${productId}`, {
      productId,
    });
  if (row.is_service === 1) {
    throw badInput(
      `“${row.name}”是服务项目，没有库存`,
      `"${row.name}" is a service item and carries no stock`,
      {
        productId,
      },
    );
  }
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    packSize: row.pack_size,
    qty: row.qty ?? 0,
    avg: row.avg_cost_fen ?? 0,
  };
}

export interface ReceiveLine {
  productId: string;
  qty: number;
  /** The quantity is in cases: units = qty × the product's pack size. */
  packs?: boolean;
  /** Purchase: yuan cost per unit. Donation: the donor's estimated value per unit. */
  unitCostFen: number;
}

export interface ReceiveInput {
  kind: 'purchase' | 'donation';
  /** Supplier (purchase) or donor (donation). */
  party: string;
  note?: string;
  lines: ReceiveLine[];
}

/**
 * Goods in, every line in one transaction: a purchase at its yuan cost per unit, or a
 * donation valued by the donation cost policy (decision 0801), its estimate recorded.
 */
export function receiveGoods(ctx: TillContext, actor: Actor, input: ReceiveInput): JournalEntry[] {
  requireRole(actor, STOCK_ROLES, { zh: '入库', en: 'receive stock' });
  const party = input.party.trim();
  if (!party) {
    throw input.kind === 'donation'
      ? badInput('请填写捐赠人', 'Enter the donor', { field: 'party' })
      : badInput('请填写供货商', 'Enter the supplier', { field: 'party' });
  }
  if (input.lines.length === 0) throw badInput('没有要入库的商品', 'Nothing to receive', { field: 'lines' });
  return ctx.store.transaction(() =>
    input.lines.map((line) => {
      const p = stockProduct(ctx, line.productId);
      const units = checkQty(line.qty) * (line.packs ? p.packSize : 1);
      checkQty(units);
      const cost = checkCostFen(line.unitCostFen);
      const donation = input.kind === 'donation';
      return ctx.store.append({
        ...ctx.store.header(actor.id),
        kind: donation ? 'stock.donation' : 'stock.receive',
        body: {
          productId: p.id,
          shopId: ctx.shopId,
          qty: units,
          unitCostFen: donation ? donationUnitCost({ qty: p.qty, avgCostFen: p.avg }, cost) : cost,
          reason: [donation ? '捐赠入库' : '采购入库', input.note?.trim()]
            .filter(Boolean)
            .join('：')
            .slice(0, 200),
          reference: party.slice(0, 120),
          ...(donation ? { donatedValueFen: cost } : {}),
        },
      });
    }),
  );
}

/** One line of goods in (the demo seed and older callers). */
export function receiveStock(
  ctx: TillContext,
  actor: Actor,
  input: { productId: string; qty: number; unitCostFen: number; donation: boolean; reference: string },
): JournalEntry {
  return receiveGoods(ctx, actor, {
    kind: input.donation ? 'donation' : 'purchase',
    party: input.reference,
    lines: [{ productId: input.productId, qty: input.qty, unitCostFen: input.unitCostFen }],
  })[0]!;
}

export const WRITE_OFF_REASONS = ['damaged', 'expired', 'lost', 'other'] as const;
export type WriteOffReason = (typeof WRITE_OFF_REASONS)[number];
const REASON_TEXT: Record<WriteOffReason, string> = {
  damaged: '损坏',
  expired: '过期',
  lost: '丢失',
  other: '其他',
};

/** Damaged or expired goods out, at the moving average; never more than is on hand. */
export function writeOffGoods(
  ctx: TillContext,
  actor: Actor,
  input: { reason: WriteOffReason; note?: string; lines: { productId: string; qty: number }[] },
): JournalEntry[] {
  requireRole(actor, STOCK_ROLES, { zh: '报损', en: 'write off stock' });
  const note = input.note?.trim() ?? '';
  if (input.reason === 'other' && !note) {
    throw badInput('请写明报损原因', 'Say why the goods are written off', { field: 'note' });
  }
  if (input.lines.length === 0)
    throw badInput('没有要报损的商品', 'Nothing to write off', { field: 'lines' });
  return ctx.store.transaction(() =>
    input.lines.map((line) => {
      const p = stockProduct(ctx, line.productId);
      const qty = checkQty(line.qty);
      if (qty > p.qty) {
        throw tillError(
          'OUT_OF_STOCK',
          `“${p.name}”报损数量超过库存（现有 ${p.qty}，报损 ${qty}）`,
          `Write-off of "${p.name}" exceeds stock (${p.qty} on hand, ${qty} asked)`,
          { productId: p.id, onHand: p.qty, asked: qty },
        );
      }
      return ctx.store.append({
        ...ctx.store.header(actor.id),
        kind: 'stock.writeoff',
        body: {
          productId: p.id,
          shopId: ctx.shopId,
          qty: -qty,
          unitCostFen: p.avg,
          reason: [`报损：${REASON_TEXT[input.reason]}`, note].filter(Boolean).join('，').slice(0, 200),
          reference: input.reason,
        },
      });
    }),
  );
}

/** The older single-line write-off call. */
export function writeOff(
  ctx: TillContext,
  actor: Actor,
  input: { productId: string; qty: number; reason: string },
) {
  return writeOffGoods(ctx, actor, {
    reason: 'other',
    note: input.reason,
    lines: [{ productId: input.productId, qty: input.qty }],
  })[0]!;
}

export function allowsNegativeStock(ctx: TillContext): boolean {
  return ctx.store.getSetting<boolean>(ALLOW_NEGATIVE_SETTING) === true;
}
