import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../src/clock';
import type { ProductView } from '../../src/console/people';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { pinyinInitials } from '../../src/stock/pinyin';
import type { ServerDatabase } from '../db/schema';
import { bumpMasterVersion } from '../master/version';

export type ProductInput = Omit<ProductView, 'id'>;

/** The township's price list: name or pinyin-initial or barcode prefix, active first. */
export async function listProducts(
  db: Kysely<ServerDatabase>,
  townshipId: string,
  q: string,
): Promise<ProductView[]> {
  let query = db
    .selectFrom('products')
    .select(['id', 'barcode', 'name', 'unit', 'pricePoints', 'costFen', 'category', 'isService', 'active'])
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
      ]),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    ...r,
    pricePoints: Number(r.pricePoints),
    costFen: Number(r.costFen ?? 0),
    isService: r.isService === 1,
    active: r.active === 1,
  }));
}

/**
 * Creates (id null) or edits a product of the price list; tills get it with the next
 * master pull (decision 0800: a shop's own newer change is not overwritten there). A
 * barcode belongs to one product of the township.
 */
export async function saveProduct(
  trx: Transaction<ServerDatabase>,
  clock: Clock,
  townshipId: string,
  id: string | null,
  input: ProductInput,
): Promise<string> {
  if (input.barcode) {
    const other = await trx
      .selectFrom('products')
      .select(['id', 'name'])
      .where('townshipId', '=', townshipId)
      .where('barcode', '=', input.barcode)
      .executeTakeFirst();
    if (other && other.id !== id)
      throw tillError(
        'INVALID_INPUT',
        `条码 ${input.barcode} 已经是“${other.name}”的`,
        `Barcode ${input.barcode} already belongs to "${other.name}"`,
        {
          field: 'barcode',
          reason: 'barcode-taken',
        },
      );
  }
  const row = {
    barcode: input.barcode,
    name: input.name,
    pinyin: pinyinInitials(input.name),
    unit: input.unit,
    pricePoints: input.pricePoints,
    costFen: input.costFen,
    category: input.category,
    isService: input.isService ? 1 : 0,
    active: input.active ? 1 : 0,
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
