import type { Transaction } from 'kysely';
import { tillError } from '../../src/errors';
import type { MasterDataPatch } from '../../src/sync/master-data';
import type { ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;
type ProductRow = NonNullable<MasterDataPatch['products']>[number];

const codesOf = (p: { barcode?: string | null; barcodes?: readonly string[] | null }): string[] => [
  ...new Set([...(p.barcodes ?? []), ...(p.barcode ? [p.barcode] : [])]),
];

const stored = (text: string | null): string[] => {
  try {
    const list = JSON.parse(text ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * A barcode belongs to one product of the township (the console checks the same in
 * server/catalog/products.ts). An upsert's products are judged by the barcodes they will
 * have: against each other, and against the township's other stored products. Runs inside
 * the upsert's transaction, before any write.
 */
export async function checkProductBarcodes(
  trx: Trx,
  townshipId: string,
  patch: MasterDataPatch,
): Promise<void> {
  const products: readonly ProductRow[] = patch.products ?? [];
  if (products.length === 0) return;
  const owner = new Map<string, { id: string; name: string }>();
  const claim = (code: string, p: { id: string; name: string }) => {
    const other = owner.get(code);
    if (other && other.id !== p.id) throw taken(code, other.name, p.name);
    owner.set(code, p);
  };
  for (const p of products) for (const code of codesOf(p)) claim(code, p);
  const incoming = new Set(products.map((p) => p.id));
  const rows = await trx
    .selectFrom('products')
    .select(['id', 'name', 'barcode', 'barcodes'])
    .where('townshipId', '=', townshipId)
    .execute();
  for (const r of rows) {
    if (incoming.has(r.id)) continue;
    for (const code of codesOf({ barcode: r.barcode, barcodes: stored(r.barcodes ?? null) })) {
      const mine = owner.get(code);
      if (mine) throw taken(code, r.name, mine.name);
    }
  }
}

function taken(barcode: string, ownerName: string, productName: string) {
  return tillError(
    'INVALID_INPUT',
    `条码 ${barcode} 已经是“${ownerName}”的，不能再给“${productName}”，没有做任何修改`,
    `Barcode ${barcode} already belongs to "${ownerName}" and cannot also go to "${productName}"; nothing was changed`,
    { field: 'barcodes', reason: 'barcode-taken', barcode },
  );
}
