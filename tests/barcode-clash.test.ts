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

test("another till's product whose barcode this till gives a product no longer stalls its pull: the township's first, then the product made first", async () => {
  // A second till of the same shop; the first till (`store`) stays offline while B works.
  const storeB = openStore(join(town.dir, 'till-b.db'), { clock: town.server.clock });
  town.stores.push(storeB);
  const syncB = new SyncClient({ store: storeB, clock: town.server.clock });
  const { code } = await town.api.call<{ code: string }>(
    'POST',
    `/api/shops/${town.t.shopIds[0]}/enrollment-codes`,
  );
  await syncB.enroll(town.server.url, code, '收银机二');
  const joined = await syncB.syncNow();
  expect([joined.state, joined.message?.en]).toEqual(['idle', undefined]);
  const [ctxA, ctxB] = [contextFor(store), contextFor(storeB)];
  const keeper = { id: town.t.clerkId, name: '店长', role: 'manager' as const };
  const [teaCode, noodleCode, ownTea, fresh] = [
    '692777000042',
    '692777000059',
    '692777000066',
    '692777000073',
  ].map(withCheckDigit) as [string, string, string, string];
  const product = (name: string, barcodes: string[]) => ({
    barcodes,
    name,
    unit: '袋',
    packSize: 1,
    category: '食品',
    pricePoints: 500,
    costFen: 400,
    isService: false,
    active: true,
    lowStock: 0,
  });

  // The township gives its tea a barcode, and B makes noodles: both reach the server, not A.
  const townshipTea = newId(town.server.clock);
  await town.api.call('PUT', `/api/townships/${town.t.townshipId}/master`, {
    products: [
      {
        id: townshipTea,
        barcode: teaCode,
        barcodes: [teaCode],
        name: '茶叶',
        pinyin: 'cy',
        unit: '袋',
        pricePoints: 800,
        category: '食品',
        isService: false,
        active: true,
        favourite: false,
      },
    ],
  });
  const noodlesB = saveProduct(ctxB, keeper, product('挂面', [noodleCode]));
  expect((await syncB.syncNow()).state).toBe('idle');
  // A, not knowing either, gives its own two products the same barcodes.
  const teaA = saveProduct(ctxA, keeper, product('自制茶叶', [teaCode, ownTea]));
  const noodlesA = saveProduct(ctxA, keeper, product('散装挂面', [noodleCode]));
  // UUIDv7 ids are time-ordered: B's noodles were made first.
  expect(noodlesB.id < noodlesA.id).toBe(true);

  // A pulls B's noodles against its own; B then pulls A's two against the township's tea and its own noodles.
  const a = await sync.syncNow();
  const b = await syncB.syncNow();
  const first = {
    zh: `条码 ${teaCode} 已归乡镇商品“茶叶”，本店商品“自制茶叶”不再用它，请给它换一个条码（另有 1 个）`,
    en: `Barcode ${teaCode} now belongs to the township's "茶叶"; this shop's "自制茶叶" no longer has it: give it another barcode (and 1 more)`,
  };
  expect([a.state, a.message]).toEqual(['idle', first]);
  expect([b.state, b.message]).toEqual(['idle', first]);
  for (const ctx of [ctxA, ctxB]) {
    expect(productIdByBarcode(ctx, teaCode)).toBe(townshipTea);
    expect(productIdByBarcode(ctx, ownTea)).toBe(teaA.id);
    expect(productIdByBarcode(ctx, noodleCode)).toBe(noodlesB.id);
    expect(stockProductView(ctx, teaA.id).barcodes).toEqual([ownTea]);
    expect(stockProductView(ctx, noodlesA.id).barcodes).toEqual([]);
    expect(stockProductView(ctx, noodlesA.id).name).toBe('散装挂面');
    expect(verifyStore(ctx.store.db, ctx.store.deviceId).ok).toBe(true);
  }
  // Every entry arrived as written: the same bytes and hashes on the other till.
  const catalogOf = (s: TillStore, table: 'journal' | 'foreign_entries') =>
    s.db.prepare(`SELECT id, body, hash FROM ${table} WHERE kind = 'catalog.product' ORDER BY id`).all();
  expect(catalogOf(storeB, 'foreign_entries')).toEqual(expect.arrayContaining(catalogOf(store, 'journal')));
  expect(catalogOf(store, 'foreign_entries')).toEqual(catalogOf(storeB, 'journal'));

  // A's stockkeeper gives its tea another barcode: on both tills the notice moves on to the noodles.
  saveProduct(ctxA, keeper, {
    ...stockProductView(ctxA, teaA.id),
    productId: teaA.id,
    barcodes: [ownTea, fresh],
  });
  await sync.syncNow();
  const next = {
    zh: `条码 ${noodleCode} 已归先建的商品“挂面”，本店商品“散装挂面”不再用它，请给它换一个条码`,
    en: `Barcode ${noodleCode} stays with "挂面", the product made first; this shop's "散装挂面" no longer has it: give it another barcode`,
  };
  expect((await syncB.syncNow()).message).toEqual(next);
  expect((await sync.syncNow()).message).toEqual(next);
  expect(productIdByBarcode(ctxB, fresh)).toBe(teaA.id);
});
