import type { CountView } from '../../src/api/stock';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { badInput, checkCounted } from '../../src/stock';
import { type Actor, requireRole, type TillContext } from './context';
import { STOCK_ROLES, stockProduct } from './inventory';

/**
 * Stocktake, Odoo's way (stock_quant: one count per product, an outdated flag when
 * stock moved after the count): a count is opened for some or all goods with their
 * book quantities; lines are counted (scan adds one, typing sets); a manager who did
 * not count approves, and every variance posts as a stock.stocktake entry in ONE
 * transaction. A product can be in one open count only (a partial unique index).
 */

/** Managers only: the township server accepts stocktake entries from stock roles (server/sync/permissions.ts). */
export const APPROVER_ROLES = ['manager'] as const;

interface CountRow {
  id: string;
  shop_id: string;
  counted_by: string;
  counter_name: string | null;
  opened_at: number;
  note: string;
  state: CountView['state'];
  approved_by: string | null;
}

const movesOf = (ctx: TillContext, productId: string) =>
  ctx.store
    .sql('SELECT count(*) FROM stock_ledger WHERE product_id = ? AND shop_id = ?')
    .pluck()
    .get(productId, ctx.shopId) as number;

function openLineOwner(ctx: TillContext, productId: string): string | undefined {
  return ctx.store
    .sql('SELECT count_id FROM stock_count_lines WHERE product_id = ? AND open = 1')
    .pluck()
    .get(productId) as string | undefined;
}

function addLine(ctx: TillContext, countId: string, productId: string): void {
  const p = stockProduct(ctx, productId);
  const owner = openLineOwner(ctx, productId);
  if (owner === countId) return;
  if (owner) {
    throw tillError(
      'INVALID_INPUT',
      `“${p.name}”已在另一张未完成的盘点单里，一次只能盘一张`,
      `"${p.name}" is already in another open count; a product is counted in one count at a time`,
      { productId, countId: owner },
    );
  }
  ctx.store
    .sql('INSERT INTO stock_count_lines (count_id, product_id, book_qty) VALUES (?, ?, ?)')
    .run(countId, productId, p.qty);
}

/** Opens a count for the given goods, or for every active goods product not already being counted. */
export function openCount(
  ctx: TillContext,
  actor: Actor,
  input: { productIds?: string[]; note?: string },
): CountView {
  requireRole(actor, STOCK_ROLES, { zh: '盘点', en: 'count stock' });
  const id = newId(ctx.store.clock);
  ctx.store.transaction(() => {
    ctx.store
      .sql('INSERT INTO stock_counts (id, shop_id, counted_by, opened_at, note) VALUES (?, ?, ?, ?, ?)')
      .run(id, ctx.shopId, actor.id, ctx.store.now(), (input.note ?? '').trim().slice(0, 200));
    const ids =
      input.productIds ??
      (ctx.store
        .sql(
          `SELECT id FROM products p WHERE is_service = 0 AND active = 1
           AND NOT EXISTS (SELECT 1 FROM stock_count_lines l WHERE l.product_id = p.id AND l.open = 1)
           ORDER BY category, name`,
        )
        .pluck()
        .all() as string[]);
    for (const productId of ids) addLine(ctx, id, productId);
  });
  return countView(ctx, id);
}

function openCountRow(ctx: TillContext, countId: string): CountRow {
  const row = countRow(ctx, countId);
  if (row.state !== 'open') {
    throw badInput('这张盘点单已经结束', 'This count is already closed', { countId, state: row.state });
  }
  return row;
}

function countRow(ctx: TillContext, countId: string): CountRow {
  const row = ctx.store
    .sql(
      `SELECT c.*, k.name AS counter_name FROM stock_counts c LEFT JOIN clerks k ON k.id = c.counted_by
       WHERE c.id = ? AND c.shop_id = ?`,
    )
    .get(countId, ctx.shopId) as CountRow | undefined;
  if (!row) throw badInput('没有这张盘点单', 'No such count', { countId });
  return row;
}

/**
 * Records a counted quantity: `add` (a scan: one more) or `set` (typed). A product not
 * yet in the count joins it, unless another open count holds it.
 */
export function recordCount(
  ctx: TillContext,
  actor: Actor,
  input: { countId: string; productId: string; qty: number; mode: 'add' | 'set' },
): CountView {
  requireRole(actor, STOCK_ROLES, { zh: '盘点', en: 'count stock' });
  ctx.store.transaction(() => {
    openCountRow(ctx, input.countId);
    addLine(ctx, input.countId, input.productId);
    const line = ctx.store
      .sql('SELECT counted_qty FROM stock_count_lines WHERE count_id = ? AND product_id = ?')
      .get(input.countId, input.productId) as { counted_qty: number | null };
    // Scans that add up past what a line may hold are as absurd as one typed number.
    const counted = checkCounted(
      input.mode === 'add' ? (line.counted_qty ?? 0) + checkCounted(input.qty) : input.qty,
    );
    // The book quantity and move count are taken when the line is first counted: moves
    // after that (a sale between two scans, or before approval) flag the line.
    ctx.store
      .sql(
        `UPDATE stock_count_lines SET counted_qty = ?, counted_at = ?,
           book_qty = CASE WHEN counted_qty IS NULL THEN ? ELSE book_qty END,
           moves_at_count = CASE WHEN counted_qty IS NULL THEN ? ELSE moves_at_count END
         WHERE count_id = ? AND product_id = ?`,
      )
      .run(
        counted,
        ctx.store.now(),
        stockProduct(ctx, input.productId).qty,
        movesOf(ctx, input.productId),
        input.countId,
        input.productId,
      );
  });
  return countView(ctx, input.countId);
}

export function countView(ctx: TillContext, countId: string): CountView {
  const c = countRow(ctx, countId);
  const lines = ctx.store
    .sql(
      `SELECT l.product_id, p.name, p.unit, p.barcode, l.book_qty, l.counted_qty, l.moves_at_count,
         coalesce(s.qty, 0) AS qty, coalesce(s.avg_cost_fen, 0) AS avg,
         (SELECT count(*) FROM stock_ledger g WHERE g.product_id = l.product_id AND g.shop_id = ?) AS moves
       FROM stock_count_lines l JOIN products p ON p.id = l.product_id
       LEFT JOIN stock_levels s ON s.product_id = l.product_id AND s.shop_id = ?
       WHERE l.count_id = ? ORDER BY p.category, p.name`,
    )
    .all(ctx.shopId, ctx.shopId, countId) as {
    product_id: string;
    name: string;
    unit: string;
    barcode: string | null;
    book_qty: number;
    counted_qty: number | null;
    moves_at_count: number | null;
    qty: number;
    avg: number;
    moves: number;
  }[];
  return {
    id: c.id,
    state: c.state,
    countedBy: { id: c.counted_by, name: c.counter_name ?? '' },
    openedAt: c.opened_at,
    note: c.note,
    approvedBy: c.approved_by,
    lines: lines.map((l) => ({
      productId: l.product_id,
      name: l.name,
      unit: l.unit,
      barcode: l.barcode,
      bookQty: l.book_qty,
      counted: l.counted_qty,
      currentQty: l.qty,
      moved: c.state === 'open' && l.counted_qty !== null && l.moves !== l.moves_at_count,
      difference: l.counted_qty === null ? null : l.counted_qty - l.book_qty,
      avgCostFen: l.avg,
    })),
  };
}

export function openCounts(ctx: TillContext): CountView[] {
  const ids = ctx.store
    .sql(`SELECT id FROM stock_counts WHERE shop_id = ? AND state = 'open' ORDER BY opened_at`)
    .pluck()
    .all(ctx.shopId) as string[];
  return ids.map((id) => countView(ctx, id));
}

export type MovedResolution = 'counted' | 'difference';

/**
 * A manager who did not count approves: each counted line's variance posts at the
 * moving average, all in one transaction. A line whose stock moved since its count needs
 * the approver's choice: keep the counted quantity (the level becomes what was
 * counted) or the counted difference (counted − book is applied on top of the moves).
 * Uncounted lines are closed without a move.
 */
export function approveCount(
  ctx: TillContext,
  approver: Actor,
  input: { countId: string; resolutions?: Record<string, MovedResolution> },
): CountView {
  requireRole(approver, APPROVER_ROLES, { zh: '批准盘点', en: 'approve a stocktake' });
  ctx.store.transaction(() => {
    const row = openCountRow(ctx, input.countId);
    if (row.counted_by === approver.id) {
      throw tillError(
        'FORBIDDEN',
        '盘点人不能批准自己的盘点，请另一位店长批准',
        'The person who counted cannot approve the count; another manager must approve it',
        { countId: input.countId },
      );
    }
    const view = countView(ctx, input.countId);
    const unresolved = view.lines.filter((l) => l.moved && !input.resolutions?.[l.productId]);
    if (unresolved.length > 0) {
      throw badInput(
        `盘点后库存有变动，请为这些商品选择“按实盘数量”或“按盘点差额”：${unresolved.map((l) => l.name).join('、')}`,
        `Stock moved after the count; choose "keep counted quantity" or "keep counted difference" for: ${unresolved.map((l) => l.name).join(', ')}`,
        { productIds: unresolved.map((l) => l.productId) },
      );
    }
    for (const l of view.lines) {
      if (l.counted === null) continue;
      const keep = l.moved ? input.resolutions![l.productId]! : 'counted';
      const delta = keep === 'counted' ? l.counted - l.currentQty : l.counted - l.bookQty;
      if (delta === 0) continue;
      ctx.store.append({
        ...ctx.store.header(approver.id),
        kind: 'stock.stocktake',
        body: {
          productId: l.productId,
          shopId: ctx.shopId,
          qty: delta,
          unitCostFen: l.avgCostFen,
          reason:
            `盘点：账面 ${l.bookQty}，实盘 ${l.counted}${l.moved ? `，盘后有变动（${keep === 'counted' ? '按实盘数量' : '按盘点差额'}）` : ''}；盘点人 ${view.countedBy.name}`.slice(
              0,
              200,
            ),
          reference: input.countId,
        },
      });
    }
    ctx.store.sql('UPDATE stock_count_lines SET open = 0 WHERE count_id = ?').run(input.countId);
    ctx.store
      .sql(`UPDATE stock_counts SET state = 'posted', approved_by = ?, closed_at = ? WHERE id = ?`)
      .run(approver.id, ctx.store.now(), input.countId);
  });
  return countView(ctx, input.countId);
}

export function cancelCount(ctx: TillContext, actor: Actor, countId: string): CountView {
  requireRole(actor, STOCK_ROLES, { zh: '取消盘点', en: 'cancel a count' });
  ctx.store.transaction(() => {
    openCountRow(ctx, countId);
    ctx.store.sql('UPDATE stock_count_lines SET open = 0 WHERE count_id = ?').run(countId);
    ctx.store
      .sql(`UPDATE stock_counts SET state = 'cancelled', closed_at = ? WHERE id = ?`)
      .run(ctx.store.now(), countId);
  });
  return countView(ctx, countId);
}
