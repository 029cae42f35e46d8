import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStore, type TillStore, verifyStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { contextFor } from '../main/till';
import { productIdByBarcode, saveProduct, stockProductView } from '../main/till/stock-catalog';
import { withCheckDigit } from '../src/barcode';
import { startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';

const NOW = startOfLocalDay('2027-05-10') + 9 * 3_600_000;

/**
 * The township gives its new product a barcode a product made at this shop already has
 * (decision 0721): the till's pull goes on, the township's product takes the barcode, the
 * shop's product keeps its others, and the stockkeeper is told in words until they change it.
 */
let town: SeededTownship;
let store: TillStore;
let sync: SyncClient;

beforeAll(async () => {
  town = await startSeededTownship({
    dialect: 'sqlite',
    nowMs: NOW,
    size: { villages: 1, shopsPerVillage: 1, households: 2 },
    dirPrefix: 'jifen-barcode-clash-',
  });
  store = openStore(join(town.dir, 'till.db'), { clock: town.server.clock });
  town.stores.push(store);
  sync = new SyncClient({ store, clock: town.server.clock });
  const { code } = await town.api.call<{ code: string }>(
    'POST',
    `/api/shops/${town.t.shopIds[0]}/enrollment-codes`,
  );
  await sync.enroll(town.server.url, code, '收银机');
  expect((await sync.syncNow()).state).toBe('idle');
});

afterAll(() => town?.close());

test('a township barcode that a shop product holds goes to the township product; the pull goes on and says so', async () => {
  const [shared, own, fresh] = ['692777000011', '692777000028', '692777000035'].map(withCheckDigit) as [
    string,
    string,
    string,
  ];
  const ctx = contextFor(store);
  const keeper = { id: town.t.clerkId, name: '店长', role: 'manager' as const };
  const soap = saveProduct(ctx, keeper, {
    barcodes: [shared, own],
    name: '硫磺皂',
    unit: '块',
    packSize: 1,
    category: '日用',
    pricePoints: 300,
    costFen: 250,
    isService: false,
    active: true,
    lowStock: 0,
  });
  expect((await sync.syncNow()).state).toBe('idle');
  const townshipSoap = newId(town.server.clock);
  await town.api.call('PUT', `/api/townships/${town.t.townshipId}/master`, {
    products: [
      {
        id: townshipSoap,
        barcode: shared,
        barcodes: [shared],
        name: '香皂',
        pinyin: 'xz',
        unit: '块',
        pricePoints: 400,
        category: '日用',
        isService: false,
        active: true,
        favourite: false,
      },
    ],
  });

  const after = await sync.syncNow();
  expect(after.state).toBe('idle');
  expect(after.message).toEqual({
    zh: `条码 ${shared} 已归乡镇商品“香皂”，本店商品“硫磺皂”不再用它，请给它换一个条码`,
    en: `Barcode ${shared} now belongs to the township's "香皂"; this shop's "硫磺皂" no longer has it: give it another barcode`,
  });
  expect(productIdByBarcode(ctx, shared)).toBe(townshipSoap);
  expect(productIdByBarcode(ctx, own)).toBe(soap.id);
  expect(stockProductView(ctx, soap.id).barcodes).toEqual([own]);
  expect(verifyStore(store.db, store.deviceId).ok).toBe(true);

  // The stockkeeper gives the shop's soap a new barcode: the notice goes.
  saveProduct(ctx, keeper, { ...stockProductView(ctx, soap.id), productId: soap.id, barcodes: [own, fresh] });
  const fixed = await sync.syncNow();
  expect([fixed.state, fixed.message]).toEqual(['idle', null]);
  expect(productIdByBarcode(ctx, fresh)).toBe(soap.id);
});
