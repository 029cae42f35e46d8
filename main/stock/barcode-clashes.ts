import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';

/**
 * A barcode another product took from a product of this shop: the township's product
 * (decision 0721), or, between two products of shops, the one made first (decision 0722).
 */
export interface BarcodeClash {
  barcode: string;
  productId: string;
  productName: string;
  /** The product that kept the barcode: the township's… */
  townshipProductName?: string;
  /** …or a shop's, made first (decision 0722). */
  firstProductName?: string;
  /** The till product's barcodes once it gave this one up: while they stay so, the clash is open. */
  barcodesAfter: string;
}

const KEY = 'catalog.barcode_clashes';
/** One settings row per product master data brought: the township's products (decision 0722). */
export const TOWNSHIP_PRODUCT = 'catalog.township_product:';

const listOf = (db: Db): BarcodeClash[] => {
  const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  return v === undefined ? [] : (JSON.parse(v) as BarcodeClash[]);
};

/** The lookups each township product row makes, prepared once per database (a first pull has thousands). */
const lookups = new WeakMap<Db, { updatedAt: Statement; owner: Statement; township: Statement }>();
function lookupsFor(db: Db) {
  let l = lookups.get(db);
  if (!l) {
    l = {
      updatedAt: db.prepare('SELECT updated_at FROM products WHERE id = ?').pluck(),
      owner: db.prepare(
        `SELECT p.id, p.name, p.barcode, p.barcodes FROM product_barcodes b JOIN products p ON p.id = b.product_id
         WHERE b.barcode = ? AND p.id <> ?`,
      ),
      township: db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES (?, '1')"),
    };
    lookups.set(db, l);
  }
  return l;
}

/**
 * Before a township product row is upserted from master data: any other product of this till
 * that holds one of its barcodes gives that barcode up, so the pull goes on (the township's
 * master data wins, decision 0721). A product in the same master page is only moving the
 * barcode at the township and is not reported; a product of this shop is, by name, until a
 * stockkeeper changes its barcodes. It also records the row as the township's (decision 0722).
 * Runs in the caller's transaction.
 */
export function yieldBarcodes(
  db: Db,
  row: { id: string; name: string; barcode?: string | null; barcodes?: string[]; updatedAt?: number },
  inPage: ReadonlySet<string>,
): void {
  const l = lookupsFor(db);
  // Which products are the township's, for a clash a pulled catalog entry brings (decision 0722).
  l.township.run(TOWNSHIP_PRODUCT + row.id);
  const codes = [...new Set([...(row.barcodes ?? []), ...(row.barcode ? [row.barcode] : [])])];
  if (codes.length === 0) return;
  // A row older than this till's own change to the same product is not applied (decision 0800).
  const mine = l.updatedAt.get(row.id) as number | undefined;
  if (mine !== undefined && row.updatedAt !== undefined && row.updatedAt < mine) return;
  const clashes: BarcodeClash[] = [];
  for (const code of codes) {
    const owner = l.owner.get(code, row.id) as
      | { id: string; name: string; barcode: string | null; barcodes: string }
      | undefined;
    if (!owner) continue;
    const kept = (JSON.parse(owner.barcodes) as string[]).filter((c) => c !== code);
    const main = owner.barcode === code ? (kept[0] ?? null) : owner.barcode;
    const barcodesAfter = JSON.stringify(kept);
    db.prepare('UPDATE products SET barcode = ?, barcodes = ? WHERE id = ?').run(
      main,
      barcodesAfter,
      owner.id,
    );
    if (!inPage.has(owner.id)) {
      clashes.push({
        barcode: code,
        productId: owner.id,
        productName: owner.name,
        townshipProductName: row.name,
        barcodesAfter,
      });
    }
  }
  recordClashes(db, clashes);
}

/** Keeps clashes for the notice, after those already kept. Runs in the caller's transaction. */
export function recordClashes(db: Db, clashes: readonly BarcodeClash[]): void {
  if (clashes.length === 0) return;
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify([...listOf(db), ...clashes]));
}

/** Clashes a stockkeeper has not dealt with yet: the till product still has the barcodes it was left with. */
export function openBarcodeClashes(db: Db): BarcodeClash[] {
  const now = db.prepare('SELECT barcodes FROM products WHERE id = ?').pluck();
  return listOf(db).filter((c) => now.get(c.productId) === c.barcodesAfter);
}

/** The clash in words for the till's status line, or null. */
export function barcodeClashNotice(db: Db): { zh: string; en: string } | null {
  const open = openBarcodeClashes(db);
  const first = open[0];
  if (!first) return null;
  const more =
    open.length > 1 ? { zh: `（另有 ${open.length - 1} 个）`, en: ` (and ${open.length - 1} more)` } : null;
  if (first.firstProductName !== undefined) {
    return {
      zh: `条码 ${first.barcode} 已归先建的商品“${first.firstProductName}”，本店商品“${first.productName}”不再用它，请给它换一个条码${more?.zh ?? ''}`,
      en: `Barcode ${first.barcode} stays with "${first.firstProductName}", the product made first; this shop's "${first.productName}" no longer has it: give it another barcode${more?.en ?? ''}`,
    };
  }
  return {
    zh: `条码 ${first.barcode} 已归乡镇商品“${first.townshipProductName}”，本店商品“${first.productName}”不再用它，请给它换一个条码${more?.zh ?? ''}`,
    en: `Barcode ${first.barcode} now belongs to the township's "${first.townshipProductName}"; this shop's "${first.productName}" no longer has it: give it another barcode${more?.en ?? ''}`,
  };
}
