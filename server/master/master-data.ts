import { sql } from 'kysely';
import { tillError } from '../../src/errors';
import { MASTER_TABLES, type MasterData, type MasterDataPatch } from '../../src/sync/master-data';
import { inChunks } from '../db/bulk';
import type { Db } from '../db/connect';
import { nameInitials } from '../households/initials';
import { checkProductBarcodes } from './product-barcodes';
import { guardTownship } from './township-guard';
import { bumpMasterVersion } from './version';

/**
 * Master data per township: officers upsert it, tills pull a full snapshot whenever
 * the township's master version moved past theirs. A snapshot of a few thousand
 * households is a few hundred kB, cheaper than tracking row-level changes.
 */
const b = (v: boolean) => (v ? 1 : 0);

// Row mappers between the wire shape (booleans, arrays) and the stored one (0/1, JSON text).
const toRow = {
  townships: (r: MasterData['townships'][number]) => r,
  villages: (r: MasterData['villages'][number]) => r,
  shops: (r: MasterData['shops'][number], t: string) => ({ ...r, townshipId: t }),
  devices: null,
  clerks: (r: MasterData['clerks'][number], t: string) => ({
    ...r,
    townshipId: t,
    active: b(r.active),
    ...(r.mustChangePin === undefined ? {} : { mustChangePin: b(r.mustChangePin) }),
  }),
  households: (r: MasterData['households'][number], t: string) => ({ ...r, townshipId: t }),
  members: (r: MasterData['members'][number], t: string) => ({
    ...r,
    townshipId: t,
    tags: JSON.stringify(r.tags),
    isHead: b(r.isHead),
    // The same initials the console and the roster import store, so search finds them.
    initials: nameInitials(r.name),
  }),
  cards: (r: MasterData['cards'][number], t: string) => ({ ...r, townshipId: t }),
  rules: (r: MasterData['rules'][number], t: string) => ({
    ...r,
    townshipId: t,
    needsApproval: b(r.needsApproval),
    active: b(r.active),
  }),
  products: ({ barcodes, ...r }: MasterData['products'][number], t: string) => ({
    ...r,
    // The list includes the main barcode; an old caller naming only that one gets it alone.
    barcodes: JSON.stringify(barcodes ?? (r.barcode ? [r.barcode] : [])),
    townshipId: t,
    isService: b(r.isService),
    active: b(r.active),
    favourite: b(r.favourite),
  }),
} as const;

const keyOf = (table: string) => (table === 'cards' ? 'uid' : 'id');

/** Upserts rows in one transaction and bumps the township's master version. */
export async function upsertMasterData(db: Db, townshipId: string, patch: MasterDataPatch): Promise<number> {
  if (patch.devices && patch.devices.length > 0) {
    throw tillError('INVALID_INPUT', '收银机只能通过登记码加入', 'Tills join only through an enrolment code');
  }
  if ((patch.townships ?? []).some((t) => t.id !== townshipId)) {
    throw tillError('INVALID_INPUT', '只能修改本乡镇', 'Only this township can be changed here');
  }
  for (const v of patch.villages ?? []) {
    if (v.townshipId !== townshipId)
      throw tillError('INVALID_INPUT', '村不属于这个乡镇', 'Village is not in this township');
  }
  return db.transaction().execute(async (trx) => {
    await guardTownship(trx, townshipId, patch);
    await checkProductBarcodes(trx, townshipId, patch);
    for (const table of MASTER_TABLES) {
      const rows = patch[table];
      const map = toRow[table];
      if (!rows || rows.length === 0 || !map) continue;
      const mapped = rows.map((r) =>
        (map as (row: unknown, t: string) => Record<string, unknown>)(r, townshipId),
      );
      const columns = Object.keys(mapped[0] ?? {});
      await inChunks(mapped, (chunk) =>
        trx
          // biome-ignore lint/suspicious/noExplicitAny: one generic upsert over ten tables
          .insertInto(table as any)
          .values(chunk)
          .onConflict((oc) =>
            oc
              .column(keyOf(table))
              .doUpdateSet(
                Object.fromEntries(
                  columns.filter((c) => c !== keyOf(table)).map((c) => [c, sql.ref(`excluded.${c}`)]),
                ),
              ),
          )
          .execute(),
      );
    }
    return bumpMasterVersion(trx, townshipId);
  });
}

/** Everything a till of the township needs, in wire shape. */
export async function masterSnapshot(db: Db, townshipId: string): Promise<MasterData> {
  const t = townshipId;
  const [townships, villages, shops, devices, clerks, households, members, cards, rules, products] =
    await Promise.all([
      db.selectFrom('townships').selectAll().where('id', '=', t).execute(),
      db
        .selectFrom('villages')
        .select(['id', 'townshipId', 'name'])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('shops')
        .select(['id', 'villageId', 'name', 'receiptHeader', 'receiptFooter', 'redemptionWindow'])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('devices')
        .select(['id', 'shopId', 'name', 'previousDeviceId'])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('clerks')
        .select(['id', 'name', 'role', 'shopId', 'pinHash', 'active'])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('households')
        .select(['id', 'villageId', 'number', 'address', 'status'])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('members')
        .select(['id', 'householdId', 'name', 'tags', 'isHead'])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('cards')
        .select(['uid', 'memberId', 'householdId', 'status'])
        .where('townshipId', '=', t)
        .orderBy('uid')
        .execute(),
      db
        .selectFrom('rules')
        .select([
          'id',
          'category',
          'name',
          'points',
          'personType',
          'needsApproval',
          'active',
          'limitKind',
          'yearCap',
        ])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('products')
        .select([
          'id',
          'barcode',
          'name',
          'pinyin',
          'unit',
          'pricePoints',
          'category',
          'isService',
          'active',
          'favourite',
        ])
        .where('townshipId', '=', t)
        .orderBy('id')
        .execute(),
    ]);
  return {
    townships,
    villages,
    shops,
    devices,
    clerks: clerks.map((c) => ({ ...c, active: c.active === 1 })),
    households,
    members: members.map((m) => ({ ...m, tags: JSON.parse(m.tags) as string[], isHead: m.isHead === 1 })),
    cards,
    rules: rules.map((r) => ({
      ...r,
      points: Number(r.points),
      needsApproval: r.needsApproval === 1,
      active: r.active === 1,
      yearCap: r.yearCap == null ? null : Number(r.yearCap),
    })),
    products: products.map((p) => ({
      ...p,
      isService: p.isService === 1,
      active: p.active === 1,
      favourite: p.favourite === 1,
    })),
  };
}

/** A township is created by an officer before its villages; it is master data too. */
export async function ensureTownship(
  db: Db,
  t: { id: string; name: string; timeZone: string },
): Promise<void> {
  await db
    .insertInto('townships')
    .values(t)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: t.name, timeZone: t.timeZone }))
    .execute();
}
