import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Voids and returns by the sale they give back (`sale_refunds`), so a second void or a
 * return beyond the sale is found at ingest; and the flags raised for them (`refund_flags`),
 * open until an officer resolves one with a note (decision 0311). Voids stored before this
 * migration are indexed from their entries.
 */
export const refundTables: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('sale_refunds')
      .addColumn('entry_id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('sale_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('points', 'bigint', (c) => c.notNull())
      /** JSON object: productId → quantity given back. */
      .addColumn('qty_by_product', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sale_refunds_sale').on('sale_refunds').column('sale_id').execute();
    await db.schema
      .createTable('refund_flags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('sale_id', 'text', (c) => c.notNull())
      .addColumn('receipt_no', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('first_device_id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('sale_points', 'bigint', (c) => c.notNull())
      .addColumn('refunded_points', 'bigint', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('detected_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('note', 'text')
      .addColumn('resolved_by_name', 'text')
      .addColumn('resolved_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('refund_flags_township')
      .on('refund_flags')
      .columns(['township_id', 'status'])
      .execute();
    const old = await db
      .selectFrom('entries')
      .select(['id', 'township_id', 'device_id', 'body'])
      .where('kind', '=', 'sale.void')
      .execute();
    // Result rows come back camelCased (CamelCasePlugin).
    for (const r of old as unknown as { id: string; townshipId: string; deviceId: string; body: string }[]) {
      const b = JSON.parse(r.body) as RefundBody;
      await db
        .insertInto('sale_refunds')
        .values({
          entry_id: r.id,
          township_id: r.townshipId,
          sale_id: b.saleId,
          device_id: r.deviceId,
          mode: b.mode,
          points: b.totalPoints,
          qty_by_product: JSON.stringify(qtyByProduct(b.lines)),
        })
        .execute();
    }
  },
};

interface RefundBody {
  saleId: string;
  mode: string;
  totalPoints: number;
  lines: { productId: string; qty: number }[];
}

export function qtyByProduct(lines: readonly { productId: string; qty: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) out[l.productId] = (out[l.productId] ?? 0) + l.qty;
  return out;
}
