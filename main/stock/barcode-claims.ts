import type { Statement } from 'better-sqlite3';
import type { Entry } from '../../src/journal';
import type { Db } from '../store/database';
import { type BarcodeClash, recordClashes, TOWNSHIP_PRODUCT } from './barcode-clashes';

interface Holder {
  id: string;
  name: string;
  barcode: string | null;
  barcodes: string;
}

/**
 * A catalog.product entry names a barcode another product on this till holds: a product
 * pulled from another till, or this till's own entry written before it learned of the
 * other product. One of the two keeps the barcode, by a rule every till reaches the same
 * way whatever order the entries came in (decision 0722): the township's product first
 * (as 0721 gives it the barcode from master data), then the product made first (the
 * smaller id: ids are UUIDv7, time-ordered). The entry stays as it was written; the
 * product that yields loses only that barcode from its row. A loser of this till's shop is
 * named in the sync notice until a stockkeeper changes its barcodes (barcode-clashes.ts).
 */
export class BarcodeClaims {
  private readonly updatedAt: Statement;
  private readonly holder: Statement;
  private readonly yieldCode: Statement;
  private readonly township: Statement;
  private readonly newestEntry: Statement;
  private readonly shop: Statement;

  constructor(private readonly db: Db) {
    this.updatedAt = db.prepare('SELECT updated_at FROM products WHERE id = ?').pluck();
    this.holder = db.prepare(
      `SELECT p.id, p.name, p.barcode, p.barcodes FROM product_barcodes b JOIN products p ON p.id = b.product_id
       WHERE b.barcode = ? AND p.id <> ?`,
    );
    this.yieldCode = db.prepare('UPDATE products SET barcode = ?, barcodes = ? WHERE id = ?');
    this.township = db.prepare('SELECT 1 FROM settings WHERE key = ?').pluck();
    // Only on a clash, which is rare: the entry kinds have no index, and none is worth its cost per entry.
    this.newestEntry = db
      .prepare(
        `SELECT body FROM (
           SELECT body, at FROM journal WHERE kind = 'catalog.product' AND instr(body, ?) > 0
           UNION ALL SELECT body, at FROM foreign_entries WHERE kind = 'catalog.product' AND instr(body, ?) > 0)
         ORDER BY at DESC LIMIT 1`,
      )
      .pluck();
    this.shop = db.prepare("SELECT value FROM settings WHERE key = 'shop.id'").pluck();
  }

  /**
   * The barcodes the entry's product keeps; any other holder that yields to it gives its
   * barcode up here. Call before the entry's row is upserted, in the same transaction.
   */
  settle(e: Entry<'catalog.product'>): string[] {
    const b = e.body;
    if (b.barcodes.length === 0) return b.barcodes;
    // An entry older than the row is not applied (decision 0800), so it claims nothing.
    const mine = this.updatedAt.get(b.productId) as number | undefined;
    if (mine !== undefined && e.at < mine) return b.barcodes;
    // The entry's own product is a shop's unless master data brought it: it has an entry, this one.
    const claimant = { id: b.productId, township: this.recorded(b.productId) };
    const kept: string[] = [];
    const lost: { barcode: string; firstProductName?: string; townshipProductName?: string }[] = [];
    const clashes: BarcodeClash[] = [];
    for (const code of b.barcodes) {
      const h = this.holder.get(code, b.productId) as Holder | undefined;
      if (!h) {
        kept.push(code);
        continue;
      }
      const holder = this.describe(h.id);
      const winnerName = { [holder.township ? 'townshipProductName' : 'firstProductName']: h.name };
      if (ranksFirst(holder, claimant)) {
        if (!claimant.township) lost.push({ barcode: code, ...winnerName });
        continue;
      }
      kept.push(code);
      const left = (JSON.parse(h.barcodes) as string[]).filter((c) => c !== code);
      const barcodesAfter = JSON.stringify(left);
      this.yieldCode.run(h.barcode === code ? (left[0] ?? null) : h.barcode, barcodesAfter, h.id);
      if (!holder.township && holder.shopId === this.thisShop()) {
        clashes.push({
          barcode: code,
          productId: h.id,
          productName: h.name,
          [claimant.township ? 'townshipProductName' : 'firstProductName']: b.name,
          barcodesAfter,
        });
      }
    }
    if (lost.length > 0 && b.shopId === this.thisShop()) {
      const barcodesAfter = JSON.stringify(kept);
      for (const l of lost)
        clashes.push({ ...l, productId: b.productId, productName: b.name, barcodesAfter });
    }
    recordClashes(this.db, clashes);
    return kept;
  }

  private recorded(productId: string): boolean {
    return this.township.get(TOWNSHIP_PRODUCT + productId) !== undefined;
  }

  /**
   * The township's: a product master data brought (recorded since 0722), or, on a till that
   * pulled its master data before that, one no catalog entry here names, since a shop's
   * product only ever comes from one. Otherwise the shop its newest entry was written at.
   */
  private describe(productId: string): { id: string; township: boolean; shopId?: string } {
    if (this.recorded(productId)) return { id: productId, township: true };
    const needle = `"productId":${JSON.stringify(productId)}`;
    const body = this.newestEntry.get(needle, needle) as string | undefined;
    if (body === undefined) return { id: productId, township: true };
    return { id: productId, township: false, shopId: (JSON.parse(body) as { shopId: string }).shopId };
  }

  private thisShop(): string | undefined {
    const v = this.shop.get() as string | undefined;
    return v === undefined ? undefined : (JSON.parse(v) as string);
  }
}

/** The township's product before a shop's; between two of the same kind, the one made first. */
function ranksFirst(a: { id: string; township: boolean }, b: { id: string; township: boolean }): boolean {
  if (a.township !== b.township) return a.township;
  return a.id < b.id;
}
