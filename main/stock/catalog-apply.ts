import type { Statement } from 'better-sqlite3';
import type { Entry } from '../../src/journal';
import type { Db } from '../store/database';
import { BarcodeClaims } from './barcode-claims';

/**
 * Applies a catalog.product entry (this till's or one pulled from another device) to the
 * products table. The newest change wins (decision 0800): an entry older than what the
 * row already holds, from master data or another till, leaves it as it is. The barcode
 * and price-history triggers of migration 0003 follow the row. A barcode another product
 * holds goes to one of the two by decision 0722's rule, so a clash never refuses a pull page.
 */
export class CatalogApplier {
  private readonly upsert: Statement;
  private readonly claims: BarcodeClaims;

  constructor(db: Db) {
    this.claims = new BarcodeClaims(db);
    this.upsert = db.prepare(
      `INSERT INTO products (id, barcode, barcodes, name, pinyin, unit, pack_size, price_points, cost_fen,
         category, is_service, active, low_stock, favourite, updated_at)
       VALUES (@id, @barcode, @barcodes, @name, @pinyin, @unit, @packSize, @pricePoints, @costFen,
         @category, @isService, @active, @lowStock, @favourite, @at)
       ON CONFLICT (id) DO UPDATE SET barcode = excluded.barcode, barcodes = excluded.barcodes,
         name = excluded.name, pinyin = excluded.pinyin, unit = excluded.unit, pack_size = excluded.pack_size,
         price_points = excluded.price_points, cost_fen = excluded.cost_fen, category = excluded.category,
         is_service = excluded.is_service, active = excluded.active, low_stock = excluded.low_stock,
         favourite = excluded.favourite, updated_at = excluded.updated_at
       WHERE excluded.updated_at >= products.updated_at`,
    );
  }

  apply(e: Entry<'catalog.product'>): void {
    const b = e.body;
    const barcodes = this.claims.settle(e);
    this.upsert.run({
      id: b.productId,
      barcode: barcodes[0] ?? null,
      barcodes: JSON.stringify(barcodes),
      name: b.name,
      pinyin: b.pinyin,
      unit: b.unit,
      packSize: b.packSize,
      pricePoints: b.pricePoints,
      costFen: b.costFen,
      category: b.category,
      isService: b.isService ? 1 : 0,
      active: b.active ? 1 : 0,
      lowStock: b.lowStock,
      favourite: b.favourite ? 1 : 0,
      at: e.at,
    });
  }
}
