import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type TillStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { contextFor } from '../main/till';
import { receiveGoods, writeOffGoods } from '../main/till/inventory';
import { saveProduct } from '../main/till/stock-catalog';
import { approveCount, openCount, recordCount } from '../main/till/stock-count';
import { openServerDb } from '../server/db/connect';
import { shopCatalog, shopStock } from '../server/stock/shop-stock';
import { withCheckDigit } from '../src/barcode';
import { startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';
import { OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { seedTownship, type Township } from './support/township';

/**
 * Stock moves and catalog changes made on a till, offline first, reach the township:
 * a real server child process, a real till store, the real sync client.
 */
const NOW = startOfLocalDay('2027-03-02') + 9 * 3600_000;

let dir: string;
let server: ServerProcess;
let t: Township;
let store: TillStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jifen-stock-sync-'));
  server = await startServer({ dir, nowMs: NOW });
  const api = new OfficerApi(server.url);
  await api.login();
  t = await seedTownship(api, { villages: 1, shopsPerVillage: 2, households: 4 });
  store = openStore(join(dir, 'till.db'), { clock: server.clock });
  const sync = new SyncClient({ store, clock: server.clock });
  const { code } = await api.call<{ code: string }>('POST', `/api/shops/${t.shopIds[0]}/enrollment-codes`);
  await sync.enroll(server.url, code, '收银机');
  expect((await sync.syncNow()).state).toBe('idle');
  // Offline work at the shop: a new product, a delivery by the case, a price change,
  // a count approved by the manager, a write-off.
  const ctx = contextFor(store);
  const manager = { id: t.clerkId, name: '店长', role: 'manager' as const };
  const counter = { id: newId(server.clock), name: '盘点员', role: 'stockkeeper' as const };
  const soap = saveProduct(ctx, manager, {
    barcodes: [withCheckDigit('692777000001')],
    name: '硫磺皂',
    unit: '块',
    packSize: 10,
    category: '日用',
    pricePoints: 300,
    costFen: 250,
    isService: false,
    active: true,
    lowStock: 3,
  });
  receiveGoods(ctx, manager, {
    kind: 'purchase',
    party: '县供销社',
    lines: [{ productId: soap.id, qty: 3, packs: true, unitCostFen: 250 }],
  });
  saveProduct(ctx, manager, { ...soap, productId: soap.id, pricePoints: 400 });
  const count = openCount(ctx, counter, { productIds: [soap.id] });
  recordCount(ctx, counter, { countId: count.id, productId: soap.id, qty: 27, mode: 'set' });
  approveCount(ctx, manager, { countId: count.id });
  writeOffGoods(ctx, manager, { reason: 'damaged', lines: [{ productId: soap.id, qty: 2 }] });
  expect((await sync.syncNow()).state).toBe('idle');
  await sync.stop();
}, 120_000);

afterAll(async () => {
  store?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('stock and catalog at the township', () => {
  it('sees the stock and value of the product per shop, from the synced moves', async () => {
    const db = await openServerDb({ sqliteFile: join(dir, 'server.db') });
    try {
      const rows = (await shopStock(db.db, t.townshipId)).filter((r) => r.productName === '硫磺皂');
      // 30 received, 3 short at the count, 2 written off: 25 left at 2.50.
      expect(rows).toEqual([expect.objectContaining({ shopId: t.shopIds[0], qty: 25, valueFen: 25 * 250 })]);
      const local = store.db
        .prepare(
          'SELECT qty, avg_cost_fen FROM stock_levels l JOIN products p ON p.id = l.product_id WHERE p.name = ?',
        )
        .get('硫磺皂') as { qty: number; avg_cost_fen: number };
      expect(local.qty * local.avg_cost_fen).toBe(rows[0]!.valueFen);
    } finally {
      await db.close();
    }
  });

  it('sees the product and the price in force at that shop, with its price history', async () => {
    const db = await openServerDb({ sqliteFile: join(dir, 'server.db') });
    try {
      const catalog = await shopCatalog(db.db, t.townshipId);
      const atShop = catalog.filter((p) => p.name === '硫磺皂');
      expect(atShop).toHaveLength(1);
      expect(atShop[0]).toMatchObject({
        shopId: t.shopIds[0],
        pricePoints: 400,
        source: 'shop',
        barcodes: [withCheckDigit('692777000001')],
      });
      expect(atShop[0]!.prices.map((p) => p.pricePoints)).toEqual([300, 400]);
      // The other shop still sells the township's own products at the township's price.
      const other = catalog.filter((p) => p.shopId === t.shopIds[1]);
      expect(other.every((p) => p.source === 'township')).toBe(true);
    } finally {
      await db.close();
    }
  });
});
