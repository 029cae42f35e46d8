import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../src/clock';
import type { ProductView } from '../../src/console/people';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { pinyinInitials } from '../../src/stock/pinyin';
import type { ServerDatabase } from '../db/schema';
import { bumpMasterVersion } from '../master/version';

/** What the console sends: `barcode` is kept for older callers; the main barcode is the first of the list. */
export type ProductInput = Omit<ProductView, 'id' | 'barcode'>;

const listOf = (text: string | undefined): string[] => JSON.parse(text ?? '[]') as string[];

/** The township's price list: name or pinyin-initial or barcode prefix, active first. */
export async function listProducts(
  db: Kysely<ServerDatabase>,
  townshipId: string,
  q: string,
): Promise<ProductView[]> {
  let query = db
    .selectFrom('products')
    .select([
      'id',
      'barcode',
      'barcodes',
      'name',
      'unit',
      'pricePoints',
      'costFen',
      'category',
      'isService',
      'active',
      'packSize',
      'lowStock',
    ])
    .where('townshipId', '=', townshipId)
    .orderBy('active', 'desc')
    .orderBy('category')
    .orderBy('name')
    .limit(500);
  const key = q.trim();
  if (key) {
    const upper = `${key}\uffff`;
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('name', '>=', key), eb('name', '<', upper)]),
        eb.and([eb('pinyin', '>=', key.toLowerCase()), eb('pinyin', '<', `${key.toLowerCase()}\uffff`)]),
        eb.and([eb('barcode', '>=', key), eb('barcode', '<', upper)]),
        ...(/^\d+$/.test(key) ? [eb('barcodes', 'like', `%"${key}%`)] : []),
      ]),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    ...r,
    barcodes: listOf(r.barcodes),
    pricePoints: Number(r.pricePoints),
    costFen: Number(r.costFen ?? 0),
    isService: r.isService === 1,
    active: r.active === 1,
    packSize: Number(r.packSize ?? 1),
    lowStock: Number(r.lowStock ?? 0),
  }));
}

/** The first product of the township, other than `id`, that already has one of these barcodes. */
async function barcodeOwner(
  trx: Transaction<ServerDatabase>,
  townshipId: string,
  id: string | null,
  barcodes: string[],
): Promise<{ barcode: string; name: string } | null> {
  if (barcodes.length === 0) return null;
  const rows = await trx
    .selectFrom('products')
    .select(['id', 'name', 'barcode', 'barcodes'])
    .where('townshipId', '=', townshipId)
    .where((eb) =>
      eb.or([eb('barcode', 'in', barcodes), ...barcodes.map((c) => eb('barcodes', 'like', `%"${c}"%`))]),
    )
    .execute();
  for (const code of barcodes) {
    const other = rows.find((r) => r.id !== id && (r.barcode === code || listOf(r.barcodes).includes(code)));
    if (other) return { barcode: code, name: other.name };
  }
  return null;
}

/**
 * Creates (id null) or edits a product of the price list; tills get it with the next
 * master pull (decision 0800: a shop's own newer change is not overwritten there, so the
 * row carries when the township changed it). A product has several barcodes, each
 * belonging to one product of the township; the first is the counter's main one.
 */
export async function saveProduct(
  trx: Transaction<ServerDatabase>,
  clock: Clock,
  townshipId: string,
  id: string | null,
  input: ProductInput,
): Promise<string> {
  const barcodes = [...new Set(input.barcodes)];
  const taken = await barcodeOwner(trx, townshipId, id, barcodes);
  if (taken)
    throw tillError(
      'INVALID_INPUT',
      `条码 ${taken.barcode} 已经是“${taken.name}”的`,
      `Barcode ${taken.barcode} already belongs to "${taken.name}"`,
      { field: 'barcodes', reason: 'barcode-taken', barcode: taken.barcode },
    );
  const row = {
    barcode: barcodes[0] ?? null,
    barcodes: JSON.stringify(barcodes),
    name: input.name,
    pinyin: pinyinInitials(input.name),
    unit: input.unit,
    pricePoints: input.pricePoints,
    costFen: input.costFen,
    category: input.category,
    isService: input.isService ? 1 : 0,
    active: input.active ? 1 : 0,
    packSize: input.packSize,
    lowStock: input.lowStock,
    updatedAt: clock.now(),
  };
  if (id) {
    const r = await trx
      .updateTable('products')
      .set(row)
      .where('id', '=', id)
      .where('townshipId', '=', townshipId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0)
      throw tillError('UNKNOWN_PRODUCT', '没有这个商品', 'No such product', { productId: id });
  } else {
    id = newId(clock);
    await trx
      .insertInto('products')
      .values({ id, townshipId, ...row, favourite: 0 })
      .execute();
  }
  await bumpMasterVersion(trx, townshipId);
  return id;
}
