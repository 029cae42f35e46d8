import { z } from 'zod';
import { RedemptionWindowSchema } from '../../src/checkout/redemption-window';
import { ShopInputSchema, VillageInputSchema, type VillageView } from '../../src/console/shops';
import { newId } from '../../src/ids';
import { upsertMasterData } from '../master/master-data';
import { parseWith } from '../routes/errors';
import { auditedAfter } from './audited';
import type { ConsoleRouteModule } from './deps';
import {
  outOfScope,
  requireOfficer,
  requireRowInScope,
  requireTownship,
  sessionOf,
  villageScope,
} from './guard';
import { id, townshipParam } from './township-of';

const parseWindow = (text: string | null) => {
  if (!text) return null;
  const r = RedemptionWindowSchema.safeParse(JSON.parse(text));
  return r.success ? r.data : null;
};

/** Villages and their shops: redemption window and receipt header/footer, editable by officers. */
export const shopsRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/villages', async (req): Promise<VillageView[]> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireTownship(s, t);
    const village = villageScope(s);
    const [villages, shops, tills] = await Promise.all([
      db
        .selectFrom('villages')
        .select(['id', 'name'])
        .where('townshipId', '=', t)
        .$if(village !== null, (q) => q.where('id', '=', village!))
        .orderBy('name')
        .execute(),
      db.selectFrom('shops').selectAll().where('townshipId', '=', t).orderBy('name').execute(),
      db
        .selectFrom('devices')
        .select(['shopId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('townshipId', '=', t)
        .where('status', '=', 'active')
        .where('kind', '=', 'till')
        .groupBy('shopId')
        .execute(),
    ]);
    const tillCount = new Map(tills.map((r) => [r.shopId, Number(r.n)]));
    return villages.map((v) => ({
      ...v,
      shops: shops
        .filter((x) => x.villageId === v.id)
        .map((x) => ({
          id: x.id,
          villageId: x.villageId,
          name: x.name,
          receiptHeader: x.receiptHeader,
          receiptFooter: x.receiptFooter,
          redemptionWindow: parseWindow(x.redemptionWindow),
          tills: tillCount.get(x.id) ?? 0,
        })),
    }));
  });

  api.post('/townships/:townshipId/villages', async (req) => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireOfficer(s, t);
    const b = parseWith(VillageInputSchema, req.body, false);
    const villageId = newId(clock);
    await auditedAfter(
      deps,
      s,
      t,
      { action: 'village.create', target: `village:${villageId}`, details: b },
      () => upsertMasterData(db, t, { villages: [{ id: villageId, townshipId: t, name: b.name }] }),
    );
    return { id: villageId };
  });

  const saveShop = async (t: string, shopId: string, b: z.infer<typeof ShopInputSchema>) =>
    upsertMasterData(db, t, {
      shops: [
        {
          id: shopId,
          villageId: b.villageId,
          name: b.name,
          receiptHeader: b.receiptHeader,
          receiptFooter: b.receiptFooter,
          redemptionWindow: b.redemptionWindow ? JSON.stringify(b.redemptionWindow) : null,
        },
      ],
    });

  const villageInTownship = async (t: string, villageId: string) => {
    const v = await db
      .selectFrom('villages')
      .select('townshipId')
      .where('id', '=', villageId)
      .executeTakeFirst();
    if (!v || v.townshipId !== t) throw outOfScope({ villageId });
  };

  api.post('/townships/:townshipId/shops', async (req) => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireOfficer(s, t);
    const b = parseWith(ShopInputSchema, req.body, false);
    await villageInTownship(t, b.villageId);
    const shopId = newId(clock);
    await auditedAfter(deps, s, t, { action: 'shop.create', target: `shop:${shopId}`, details: b }, () =>
      saveShop(t, shopId, b),
    );
    return { id: shopId };
  });

  api.put('/townships/:townshipId/shops/:shopId', async (req) => {
    const s = sessionOf(req);
    const { townshipId: t, shopId } = parseWith(z.object({ townshipId: id, shopId: id }), req.params, false);
    requireOfficer(s, t);
    const b = parseWith(ShopInputSchema, req.body, false);
    const shop = await db
      .selectFrom('shops')
      .select(['townshipId', 'villageId'])
      .where('id', '=', shopId)
      .executeTakeFirst();
    requireRowInScope(s, t, shop, { shopId });
    await villageInTownship(t, b.villageId);
    await auditedAfter(deps, s, t, { action: 'shop.update', target: `shop:${shopId}`, details: b }, () =>
      saveShop(t, shopId, b),
    );
    return { ok: true };
  });
};
