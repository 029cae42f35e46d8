import type { SaleView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import type { SaleLine } from '../../src/journal';
import type { Actor, TillContext } from './context';
import { saleView } from './queries';
import { requireOwnShop } from './sale-lookup';

interface SoldLine {
  product_id: string;
  name: string;
  qty: number;
  unit_points: number;
  unit_cost_fen: number;
  is_service: number;
  returned: number;
}

/**
 * Voids a sale or returns some of its items: a later 'sale.void' entry that points at
 * the sale and gives back points and stock. The sale row itself never changes;
 * "voided" is derived from the reversals that point at it.
 */
export function reverseSale(
  ctx: TillContext,
  actor: Actor,
  manager: Actor,
  input: { saleId: string; reason: string; lines?: { productId: string; qty: number }[] },
): SaleView {
  const { store } = ctx;
  store.transaction(() => {
    const sale = store.sql('SELECT household_id, shop_id FROM sales WHERE id = ?').get(input.saleId) as
      | { household_id: string; shop_id: string }
      | undefined;
    if (!sale) {
      throw tillError('UNKNOWN_SALE', `找不到这笔兑换：${input.saleId}`, `Unknown sale: ${input.saleId}`, {
        saleId: input.saleId,
      });
    }
    requireOwnShop(ctx, input.saleId);
    const sold = store
      .sql(
        `SELECT l.product_id, l.name, sum(l.qty) AS qty, l.unit_points, l.unit_cost_fen, l.is_service,
           coalesce((SELECT sum(rl.qty) FROM sale_reversal_lines rl JOIN sale_reversals r ON r.id = rl.reversal_id
                     WHERE r.sale_id = l.sale_id AND rl.product_id = l.product_id), 0) AS returned
         FROM sale_lines l WHERE l.sale_id = ? GROUP BY l.product_id ORDER BY min(l.line_no)`,
      )
      .all(input.saleId) as SoldLine[];
    const open = sold.filter((l) => l.qty > l.returned);
    if (open.length === 0) {
      throw tillError(
        'SALE_ALREADY_VOIDED',
        '这笔兑换已全部撤销或退回',
        'This sale is already fully voided or returned',
        {
          saleId: input.saleId,
        },
      );
    }
    const lines: SaleLine[] = input.lines
      ? pickReturned(open, input.lines)
      : open.map((l) => toLine(l, l.qty - l.returned));
    const totalPoints = lines.reduce((s, l) => s + l.points, 0);
    store.append({
      ...store.header(actor.id),
      kind: 'sale.void',
      body: {
        saleId: input.saleId,
        householdId: sale.household_id,
        shopId: sale.shop_id,
        reason: input.reason,
        approvedBy: manager.id,
        lines,
        totalPoints,
        mode: input.lines ? 'return' : 'void',
      },
    });
  });
  return saleView(ctx, input.saleId);
}

function pickReturned(open: SoldLine[], wanted: { productId: string; qty: number }[]): SaleLine[] {
  return wanted.map((w) => {
    const line = open.find((l) => l.product_id === w.productId);
    const left = line ? line.qty - line.returned : 0;
    if (!line || w.qty > left) {
      throw tillError(
        'RETURN_EXCEEDS_SALE',
        `退回数量超过可退数量（可退 ${left}，要退 ${w.qty}）`,
        `Cannot return more than is left on the sale (${left} left, ${w.qty} asked)`,
        { productId: w.productId, left, asked: w.qty },
      );
    }
    return toLine(line, w.qty);
  });
}

function toLine(l: SoldLine, qty: number): SaleLine {
  return {
    productId: l.product_id,
    name: l.name,
    qty,
    unitPoints: l.unit_points,
    points: l.unit_points * qty,
    unitCostFen: l.unit_cost_fen,
    isService: l.is_service === 1,
  };
}
