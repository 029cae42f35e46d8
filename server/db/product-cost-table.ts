import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/** The yuan cost the console's price list keeps per product (decision 0622), in fen. */
export const productCostTable: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('products')
      .addColumn('cost_fen', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
