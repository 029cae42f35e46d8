import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Product fields the till keeps (decision 0800) and the console now edits: units per
 * case, low-stock threshold, when the township last changed the row (ms; 0 = never
 * stamped, so a till's own change stays), and every barcode (JSON list, main first).
 * Sent in the master delta pull; the till maps them to its columns of the same names.
 */
export const productFields: Migration = {
  async up(db: AnyDb) {
    const add = (column: string, type: 'integer' | 'bigint' | 'text', value: number | string) =>
      db.schema
        .alterTable('products')
        .addColumn(column, type, (c) => c.notNull().defaultTo(value))
        .execute();
    await add('pack_size', 'integer', 1);
    await add('low_stock', 'integer', 0);
    await add('updated_at', 'bigint', 0);
    await add('barcodes', 'text', '[]');
    // Barcodes are digits only (6–14), so the JSON list can be written as text in both dialects.
    await sql`UPDATE products SET barcodes = '["' || barcode || '"]' WHERE barcode IS NOT NULL`.execute(db);
  },
};
