import type { ShiftSummary } from '../../src/api/contract';
import { newId } from '../../src/ids';
import type { Actor, TillContext } from './context';

interface ShiftRow {
  id: string;
  clerk_id: string | null;
  opened_at: number;
  closed_at: number | null;
}

export function currentShift(ctx: TillContext): ShiftRow | null {
  return (
    (ctx.store
      .sql(
        'SELECT id, clerk_id, opened_at, closed_at FROM shifts WHERE closed_at IS NULL ORDER BY opened_at DESC LIMIT 1',
      )
      .get() as ShiftRow | undefined) ?? null
  );
}

export function openShift(ctx: TillContext, actor: Actor): ShiftSummary {
  const id = ctx.store.transaction(() => {
    const open = currentShift(ctx);
    if (open) return open.id;
    const shiftId = newId(ctx.store.clock);
    ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'shift.open',
      body: { shiftId, shopId: ctx.shopId, summary: null },
    });
    return shiftId;
  });
  return shiftSummary(ctx, id);
}

/** Closes the open shift; the summary is written into the close entry, as printed. */
export function closeShift(ctx: TillContext, actor: Actor): ShiftSummary | null {
  const id = ctx.store.transaction(() => {
    const open = currentShift(ctx);
    if (!open) return null;
    const s = shiftSummary(ctx, open.id);
    ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'shift.close',
      body: {
        shiftId: open.id,
        shopId: ctx.shopId,
        summary: { sales: s.sales, voids: s.voids, pointsRedeemed: s.pointsRedeemed },
      },
    });
    return open.id;
  });
  return id ? shiftSummary(ctx, id) : null;
}

/** Sales made in the shift, net of their voids and returns. */
export function shiftSummary(ctx: TillContext, shiftId: string): ShiftSummary {
  const { store } = ctx;
  const shift = store
    .sql(
      'SELECT s.id, s.opened_at, s.closed_at, c.name FROM shifts s LEFT JOIN clerks c ON c.id = s.clerk_id WHERE s.id = ?',
    )
    .get(shiftId) as { id: string; opened_at: number; closed_at: number | null; name: string | null };
  const totals = store
    .sql(
      `SELECT count(*) AS sales, coalesce(sum(total_points), 0) AS points,
         (SELECT count(*) FROM sale_reversals r JOIN sales s2 ON s2.id = r.sale_id WHERE s2.shift_id = ?) AS voids,
         (SELECT coalesce(sum(r.total_points), 0) FROM sale_reversals r JOIN sales s2 ON s2.id = r.sale_id WHERE s2.shift_id = ?) AS reversed
       FROM sales WHERE shift_id = ?`,
    )
    .get(shiftId, shiftId, shiftId) as { sales: number; points: number; voids: number; reversed: number };
  const goods = store
    .sql(
      `SELECT l.product_id, l.name, sum(l.qty) AS qty, sum(l.points) AS points
       FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.shift_id = ?
       GROUP BY l.product_id ORDER BY points DESC`,
    )
    .all(shiftId) as { product_id: string; name: string; qty: number; points: number }[];
  const returned = new Map(
    (
      store
        .sql(
          `SELECT rl.product_id, sum(rl.qty) AS qty, sum(rl.points) AS points FROM sale_reversal_lines rl
           JOIN sale_reversals r ON r.id = rl.reversal_id JOIN sales s ON s.id = r.sale_id
           WHERE s.shift_id = ? GROUP BY rl.product_id`,
        )
        .all(shiftId) as { product_id: string; qty: number; points: number }[]
    ).map((r) => [r.product_id, r]),
  );
  return {
    shiftId,
    openedAt: shift.opened_at,
    closedAt: shift.closed_at,
    clerkName: shift.name ?? '',
    sales: totals.sales,
    voids: totals.voids,
    pointsRedeemed: totals.points - totals.reversed,
    goods: goods
      .map((g) => ({
        productId: g.product_id,
        name: g.name,
        qty: g.qty - (returned.get(g.product_id)?.qty ?? 0),
        points: g.points - (returned.get(g.product_id)?.points ?? 0),
      }))
      .filter((g) => g.qty > 0),
  };
}
