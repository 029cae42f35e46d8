import type { Transaction } from 'kysely';
import { newId } from '../../src/ids';
import type { EntryBody, JournalEntry } from '../../src/journal';
import { inChunks } from '../db/bulk';
import { qtyByProduct } from '../db/refund-tables';
import type { RefundFlagTable, SaleRefundTable, ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;

/**
 * Two tills of a shop, each offline, can void or take back the same sale: each refunds it,
 * and both entries must stand (the goods and points moved). At ingest, in receive order,
 * a void of a sale that already has a void or return, or a return that takes the sale's
 * points or any product's quantity past what was sold, is flagged for the township, the
 * way an overdraft is (decisions 0403, 0311). A void whose sale the server does not hold is
 * indexed and judged by the refunds that come after it.
 */
export async function flagRefunds(
  trx: Trx,
  townshipId: string,
  fresh: readonly JournalEntry[],
  periodOf: (entryId: string) => string,
  now: number,
): Promise<void> {
  const voids = fresh.filter((e): e is JournalEntry & { kind: 'sale.void' } => e.kind === 'sale.void');
  if (voids.length === 0) return;
  const saleIds = [...new Set(voids.map((v) => v.body.saleId))];
  const [saleRows, priorRows] = await Promise.all([
    trx
      .selectFrom('entries')
      .select(['id', 'body'])
      .where('kind', '=', 'sale')
      .where('townshipId', '=', townshipId)
      .where('id', 'in', saleIds)
      .execute(),
    trx.selectFrom('saleRefunds').selectAll().where('saleId', 'in', saleIds).execute(),
  ]);
  const sales = new Map(saleRows.map((r) => [r.id, JSON.parse(r.body) as EntryBody<'sale'>]));
  const refunds = new Map<string, { deviceId: string; points: number; qty: Record<string, number> }[]>();
  for (const r of priorRows) {
    const list = refunds.get(r.saleId) ?? [];
    list.push({ deviceId: r.deviceId, points: Number(r.points), qty: JSON.parse(r.qtyByProduct) });
    refunds.set(r.saleId, list);
  }

  const rows: SaleRefundTable[] = [];
  const flags: RefundFlagTable[] = [];
  for (const v of voids) {
    const qty = qtyByProduct(v.body.lines);
    const earlier = refunds.get(v.body.saleId) ?? [];
    const all = [...earlier, { deviceId: v.deviceId, points: v.body.totalPoints, qty }];
    refunds.set(v.body.saleId, all);
    rows.push({
      entryId: v.id,
      townshipId,
      saleId: v.body.saleId,
      deviceId: v.deviceId,
      mode: v.body.mode,
      points: v.body.totalPoints,
      qtyByProduct: JSON.stringify(qty),
    });
    const sale = sales.get(v.body.saleId);
    if (!sale) continue;
    const refunded = all.reduce((s, r) => s + r.points, 0);
    const sold = qtyByProduct(sale.lines);
    const beyondQty = Object.keys(qty).some(
      (p) => all.reduce((s, r) => s + (r.qty[p] ?? 0), 0) > (sold[p] ?? 0),
    );
    const secondVoid = v.body.mode === 'void' && earlier.length > 0;
    if (!secondVoid && refunded <= sale.totalPoints && !beyondQty) continue;
    flags.push({
      id: newId({ now: () => now }),
      townshipId,
      saleId: v.body.saleId,
      receiptNo: sale.receiptNo,
      entryId: v.id,
      deviceId: v.deviceId,
      firstDeviceId: all[0]!.deviceId,
      householdId: v.body.householdId,
      reason: secondVoid ? 'second-void' : 'exceeds-sale',
      salePoints: sale.totalPoints,
      refundedPoints: refunded,
      period: periodOf(v.id),
      detectedAt: now,
      status: 'open',
      note: null,
      resolvedByName: null,
      resolvedAt: null,
    });
  }
  await inChunks(rows, (chunk) => trx.insertInto('saleRefunds').values(chunk).execute());
  await inChunks(flags, (chunk) => trx.insertInto('refundFlags').values(chunk).execute());
}
