import type { Migration } from './types';

/** Voids and returns find a sale by the receipt number on the slip, and list the shop's recent sales. */
export const migration: Migration = {
  version: 6,
  name: 'sale-lookup',
  sql: `
CREATE INDEX sales_receipt_no ON sales(receipt_no);
CREATE INDEX sales_shop_at ON sales(shop_id, at);
`,
};
