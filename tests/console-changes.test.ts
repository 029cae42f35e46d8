import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { contextFor } from '../main/till/context';
import { checkPlate } from '../main/till/door-plates';
import { openServerDb, type ServerDb } from '../server/db/connect';
import { startOfLocalDay } from '../src/clock';
import { isTillError } from '../src/errors';
import { parsePlate } from '../src/points/door-plate';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import { OfficerApi } from './support/server-process';
import { seedTownship, type Township } from './support/township';

/**
 * Every console change goes through one audit and scope path (issue 9, decision 0630),
 * on SQLite and PostgreSQL, one server each: an officer of township A who names
 * township B's rows (in A's URL or in B's), and a cadre who reaches past their village,
 * are refused in Chinese and English and nothing is written; each change that succeeds
 * writes one audit row saying who, what and when. Then a product changed in the console
 * (price, pack size, several barcodes) reaches a real till by a delta pull.
 */
const NOW = startOfLocalDay('2027-04-06') + 9 * 3_600_000;
const PASSWORD = 'correct-horse-battery';

class ConsoleClient {
  private cookie = '';
  private csrf = '';
  constructor(private readonly url: string) {}

  async signIn(username: string): Promise<void> {
    const r = await fetch(`${this.url}/console/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(r.status).toBe(200);
    this.cookie = (r.headers.getSetCookie()[0] ?? '').split(';')[0]!;
    this.csrf = ((await r.json()) as { csrf: string }).csrf;
  }

  async send(
    method: string,
    path: string,
    body?: unknown,
    type = 'application/json',
  ): Promise<{ status: number; body: Record<string, unknown> & { error?: Refusal } }> {
    const r = await fetch(`${this.url}/console/api${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }
}

interface Refusal {
  code: string;
  zh: string;
  en: string;
  details: { reason?: string };
}

/** Every row the console can change, and the audit trail: equal before and after means nothing was written. */
async function everything(db: ServerDb['db']): Promise<string> {
  const tables = [
    'villages',
    'shops',
    'households',
    'members',
    'cards',
    'cardState',
    'clerks',
    'products',
    'entries',
    'consoleAudit',
    'enrollmentCodes',
    'counters',
  ] as const;
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const rows = await db.selectFrom(t).selectAll().execute();
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

describe.each(['sqlite', 'postgres'] as const)('console changes on %s', (dialect) => {
  let s: SeededTownship;
  let db: ServerDb;
  let A: Township;
  let B: Township;
  let officerA: ConsoleClient;
  let cadreA: ConsoleClient;
  /** Member ids by household id. */
  const memberOf = new Map<string, string>();

  beforeAll(async () => {
    s = await startSeededTownship({
      dialect,
      nowMs: NOW,
      size: { villages: 2, shopsPerVillage: 1, households: 4 },
      dirPrefix: 'jifen-console-changes-',
    });
    A = s.t;
    B = await seedTownship(s.api, { villages: 2, shopsPerVillage: 1, households: 4 });
    const staff = [
      { username: 'officer-a', name: '甲镇干部', role: 'officer', townshipId: A.townshipId, villageId: null },
      {
        username: 'cadre-a',
        name: '东村书记',
        role: 'cadre',
        townshipId: A.townshipId,
        villageId: A.villageIds[0],
      },
    ];
    for (const o of staff) await s.api.call('POST', '/api/officers', { ...o, password: PASSWORD });
    officerA = new ConsoleClient(s.server.url);
    await officerA.signIn('officer-a');
    cadreA = new ConsoleClient(s.server.url);
    await cadreA.signIn('cadre-a');
    db = await openServerDb({ databaseUrl: s.databaseUrl, sqliteFile: join(s.dir, 'server.db') });
    for (const m of await db.db.selectFrom('members').select(['id', 'householdId']).execute())
      memberOf.set(m.householdId, m.id);
    // Cards the console can name (the seeded UIDs are test-only lengths) for a second member of each household, one of B's lost.
    const admin = new ConsoleClient(s.server.url);
    await admin.signIn('admin');
    const card = (t: Township, i: number) => `${t === A ? 'A' : 'B'}${i}C0FFEE`;
    for (const t of [A, B])
      for (const [i, h] of t.households.entries()) {
        h.cardUid = card(t, i);
        const m = await admin.send('POST', `/townships/${t.townshipId}/households/${h.id}/members`, {
          name: '持卡人',
        });
        const r = await admin.send('POST', `/townships/${t.townshipId}/cards`, {
          memberId: m.body.id,
          uid: h.cardUid,
        });
        expect(r.status).toBe(200);
      }
    expect((await admin.send('POST', `/townships/${B.townshipId}/cards/${card(B, 1)}/lost`, {})).status).toBe(
      200,
    );
  }, 180_000);

  afterAll(async () => {
    await db?.close();
    await s?.close();
  });

  /** A change naming township B's rows, sent with the URL of township `t` (A's or B's own). */
  const crossTownship = (t: string) => {
    const [h0, h1] = B.households;
    const a = A.households[0]!;
    return [
      [
        'household.create in B’s village',
        'POST',
        `/townships/${t}/households`,
        { villageId: B.villageIds[0], number: 'X1', head: '某甲' },
      ],
      [
        'household.update of B’s household',
        'PUT',
        `/townships/${t}/households/${h0!.id}`,
        { villageId: A.villageIds[0], number: 'X2', address: '' },
      ],
      [
        'household.close of B’s household',
        'POST',
        `/townships/${t}/households/${h0!.id}/close`,
        { reason: '迁走' },
      ],
      [
        'member.create in B’s household',
        'POST',
        `/townships/${t}/households/${h0!.id}/members`,
        { name: '某乙' },
      ],
      [
        'member.update of B’s member',
        'PUT',
        `/townships/${t}/members/${memberOf.get(h0!.id)}`,
        { name: '某丙', householdId: a.id },
      ],
      [
        'member.move of B’s member',
        'POST',
        `/townships/${t}/members/${memberOf.get(h1!.id)}/move`,
        { toHouseholdId: a.id },
      ],
      [
        'member.move into B’s household',
        'POST',
        `/townships/${t}/members/${memberOf.get(a.id)}/move`,
        { toHouseholdId: h1!.id },
      ],
      [
        'card.issue to B’s member',
        'POST',
        `/townships/${t}/cards`,
        { memberId: memberOf.get(h0!.id), uid: '04FFEE01' },
      ],
      [
        'card.replace of B’s card',
        'POST',
        `/townships/${t}/cards/${h0!.cardUid}/replace`,
        { newUid: '04FFEE02' },
      ],
      ['card.lost of B’s card', 'POST', `/townships/${t}/cards/${h0!.cardUid}/lost`, {}],
      ['card.found of B’s card', 'POST', `/townships/${t}/cards/${h1!.cardUid}/found`, {}],
      [
        'clerk.create in B’s shop',
        'POST',
        `/townships/${t}/clerks`,
        { name: '小王', role: 'clerk', shopId: B.shopIds[0], pin: '602817' },
      ],
      [
        'clerk.update of B’s clerk',
        'PUT',
        `/townships/${t}/clerks/${B.clerkId}`,
        { name: '小王', role: 'manager', shopId: A.shopIds[0], pin: '602817' },
      ],
      [
        'product.update of B’s product',
        'PUT',
        `/townships/${t}/products/${B.productIds[0]}`,
        { name: '假货', pricePoints: 100 },
      ],
      [
        'shop.update of B’s shop',
        'PUT',
        `/townships/${t}/shops/${B.shopIds[0]}`,
        {
          villageId: A.villageIds[0],
          name: '假店',
          receiptHeader: '',
          receiptFooter: '',
          redemptionWindow: null,
        },
      ],
      ['enrolment code for B’s shop', 'POST', `/townships/${t}/shops/${B.shopIds[0]}/enrolment-codes`, {}],
    ] as const;
  };

  it('refuses an officer of A who names B’s rows, in A’s URL or B’s, and writes nothing', async () => {
    const before = await everything(db.db);
    const table = [...crossTownship(A.townshipId), ...crossTownship(B.townshipId)];
    for (const [what, method, path, body] of table) {
      const r = await officerA.send(method, path, body);
      expect([what, r.status, r.body.error?.details.reason]).toEqual([what, 403, 'out-of-scope']);
      expect(r.body.error?.zh).toBe('这不是您管辖范围内的数据，没有做任何修改');
      expect(r.body.error?.en).toBe('This is outside your township or village; nothing was changed');
    }
    expect(await everything(db.db)).toBe(before);
  });

  it('refuses a cadre another village’s household, statement and card, and any change', async () => {
    const before = await everything(db.db);
    const other = A.households.find((h) => h.villageId !== A.villageIds[0])!;
    const own = A.households.find((h) => h.villageId === A.villageIds[0])!;
    const t = A.townshipId;
    for (const path of [
      `/townships/${t}/households/${other.id}`,
      `/townships/${t}/households/${other.id}/statement`,
      `/townships/${t}/cards/${other.cardUid}`,
    ]) {
      const r = await cadreA.send('GET', path);
      expect([path, r.status, r.body.error?.details.reason]).toEqual([path, 403, 'out-of-scope']);
    }
    expect((await cadreA.send('GET', `/townships/${t}/households/${own.id}`)).status).toBe(200);
    for (const [path, body] of [
      [`/townships/${t}/households/${own.id}/members`, { name: '某丁' }],
      [`/townships/${t}/cards/${own.cardUid}/lost`, {}],
      [`/townships/${t}/products`, { name: '毛巾', pricePoints: 500 }],
    ] as const) {
      const r = await cadreA.send('POST', path, body);
      expect([path, r.status, r.body.error?.zh]).toEqual([path, 403, '只有乡镇干部可以做这件事']);
      expect(r.body.error?.en).toBe('Only a township officer may do this');
    }
    expect(await everything(db.db)).toBe(before);
  });

  it('writes one audit row (who, what, when) for every change that succeeds', async () => {
    const t = A.townshipId;
    const ids: Record<string, string> = {};
    const steps: [string, string, () => string, () => unknown, string?][] = [
      [
        'household.create',
        'POST',
        () => `/townships/${t}/households`,
        () => ({ villageId: A.villageIds[0], number: 'N1', head: '新户主' }),
        'household',
      ],
      [
        'household.update',
        'PUT',
        () => `/townships/${t}/households/${ids.household}`,
        () => ({ villageId: A.villageIds[0], number: 'N1', address: '新村1号' }),
      ],
      [
        'member.create',
        'POST',
        () => `/townships/${t}/households/${ids.household}/members`,
        () => ({ name: '新成员' }),
        'member',
      ],
      [
        'member.update',
        'PUT',
        () => `/townships/${t}/members/${ids.member}`,
        () => ({ name: '新成员', householdId: ids.household, tags: ['党员'] }),
      ],
      [
        'member.move',
        'POST',
        () => `/townships/${t}/members/${ids.member}/move`,
        () => ({ toHouseholdId: A.households[0]!.id }),
      ],
      [
        'card.issue',
        'POST',
        () => `/townships/${t}/cards`,
        () => ({ memberId: ids.member, uid: '04FFEE10' }),
      ],
      ['card.lost', 'POST', () => `/townships/${t}/cards/04FFEE10/lost`, () => ({})],
      ['card.found', 'POST', () => `/townships/${t}/cards/04FFEE10/found`, () => ({})],
      [
        'card.replace',
        'POST',
        () => `/townships/${t}/cards/04FFEE10/replace`,
        () => ({ newUid: '04FFEE11' }),
      ],
      [
        'household.close',
        'POST',
        () => `/townships/${t}/households/${ids.household}/close`,
        () => ({ reason: '迁走' }),
      ],
      [
        'clerk.create',
        'POST',
        () => `/townships/${t}/clerks`,
        () => ({ name: '小李', role: 'clerk', shopId: A.shopIds[0], pin: '602817' }),
        'clerk',
      ],
      [
        'clerk.update',
        'PUT',
        () => `/townships/${t}/clerks/${ids.clerk}`,
        () => ({ name: '小李', role: 'stockkeeper', shopId: A.shopIds[0], pin: null }),
      ],
      [
        'product.create',
        'POST',
        () => `/townships/${t}/products`,
        () => ({ name: '毛巾', barcodes: ['6901234567892'], pricePoints: 500 }),
        'product',
      ],
      [
        'product.update',
        'PUT',
        () => `/townships/${t}/products/${ids.product}`,
        () => ({ name: '毛巾', barcodes: ['6901234567892'], pricePoints: 550 }),
      ],
      [
        'shop.update',
        'PUT',
        () => `/townships/${t}/shops/${A.shopIds[0]}`,
        () => ({
          villageId: A.villageIds[0],
          name: '东村超市',
          receiptHeader: '欢迎',
          receiptFooter: '',
          redemptionWindow: null,
        }),
      ],
    ];
    for (const [action, method, path, body, keep] of steps) {
      const from = s.server.clock.now();
      const r = await officerA.send(method, path(), body());
      expect([action, r.status, r.body.error?.en]).toEqual([action, 200, undefined]);
      if (keep) ids[keep] = r.body.id as string;
      const audit = await db.db
        .selectFrom('consoleAudit')
        .selectAll()
        .where('townshipId', '=', t)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect([audit.action, audit.officerName]).toEqual([action, '甲镇干部']);
      // The server process started its clock at NOW a moment after this test's copy did.
      expect(Number(audit.at)).toBeGreaterThanOrEqual(from - 30_000);
      expect(Number(audit.at)).toBeLessThanOrEqual(s.server.clock.now() + 30_000);
    }
    // A roster import: one audit row naming the file and the rows it wrote.
    const up = await officerA.send(
      'POST',
      `/townships/${t}/roster/uploads?name=roster.csv`,
      `村,户号,户主\n${'第1村'},R1,张三丰\n`,
      'application/octet-stream',
    );
    expect(up.status).toBe(200);
    const apply = await officerA.send('POST', `/townships/${t}/roster/uploads/${up.body.uploadId}/apply`, {
      mapping: up.body.mapping,
    });
    expect(apply.status).toBe(200);
    const trail = await officerA.send('GET', `/townships/${t}/audit`);
    const rows = (
      trail.body.rows as { action: string; officerName: string; details: { rows?: number } }[]
    ).filter((r) => r.officerName === '甲镇干部' && r.action !== 'session.sign-in');
    expect(rows.map((r) => r.action).reverse()).toEqual([...steps.map((x) => x[0]), 'roster.import']);
    expect(rows[0]?.details.rows).toBe(1);
  });

  it('audits changes made through the old officer JSON API too, naming tables and counts, not rows', async () => {
    const json = new OfficerApi(s.server.url);
    await json.login('officer-a', PASSWORD);
    const t = A.townshipId;
    await json.call('PUT', `/api/townships/${t}/master`, {
      villages: [{ id: crypto.randomUUID(), townshipId: t, name: '新村' }],
    });
    await json.call('POST', `/api/townships/${t}/cards/${A.households[3]!.cardUid}/lost`, { reason: '丢了' });
    const trail = await officerA.send('GET', `/townships/${t}/audit`);
    const [card, master] = trail.body.rows as { action: string; officerName: string; details: unknown }[];
    expect(master).toMatchObject({
      action: 'master.upsert',
      officerName: '甲镇干部',
      details: { rows: { villages: 1 } },
    });
    expect(card).toMatchObject({ action: 'card.lost', officerName: '甲镇干部', details: { reason: '丢了' } });
  });

  it('refuses a barcode that belongs to another product, naming it, and writes nothing', async () => {
    const t = A.townshipId;
    const made = await officerA.send('POST', `/townships/${t}/products`, {
      name: '香皂',
      barcodes: ['6920000000111', '6920000000128'],
      pricePoints: 300,
    });
    expect(made.status).toBe(200);
    const before = await everything(db.db);
    const r = await officerA.send('POST', `/townships/${t}/products`, {
      name: '洗手液',
      barcodes: ['6920000000135', '6920000000128'],
      pricePoints: 800,
    });
    expect([r.status, r.body.error?.details.reason]).toEqual([400, 'barcode-taken']);
    expect(r.body.error?.zh).toBe('条码 6920000000128 已经是“香皂”的');
    expect(r.body.error?.en).toBe('Barcode 6920000000128 already belongs to "香皂"');
    expect(await everything(db.db)).toBe(before);
  });

  it('refuses the same barcode on two products through PUT /master too, in words, and writes nothing', async () => {
    const json = new OfficerApi(s.server.url);
    await json.login('officer-a', PASSWORD);
    const t = A.townshipId;
    const product = (name: string, barcodes: string[]) => ({
      id: crypto.randomUUID(),
      barcode: barcodes[0] ?? null,
      barcodes,
      name,
      pinyin: '',
      unit: '瓶',
      pricePoints: 600,
      category: '日用品',
      isService: false,
      active: true,
      favourite: false,
    });
    const before = await everything(db.db);
    const cases = [
      // 6900000000028 is the seeded 洗衣粉's; 6920000000128 the 香皂's second barcode.
      [[product('酱油', ['6900000000028'])], '6900000000028', '洗衣粉', '酱油'],
      [[product('醋', ['6920000000999', '6920000000128'])], '6920000000128', '香皂', '醋'],
      [
        [product('牙膏', ['6920000000777']), product('牙刷', ['6920000000777'])],
        '6920000000777',
        '牙膏',
        '牙刷',
      ],
    ] as const;
    for (const [products, code, owner, name] of cases) {
      const r = await json.raw('PUT', `/api/townships/${t}/master`, { products });
      const body = (await r.json()) as { error: Refusal };
      expect([r.status, body.error.details.reason]).toEqual([400, 'barcode-taken']);
      expect(body.error.zh).toBe(`条码 ${code} 已经是“${owner}”的，不能再给“${name}”，没有做任何修改`);
      expect(body.error.en).toBe(
        `Barcode ${code} already belongs to "${owner}" and cannot also go to "${name}"; nothing was changed`,
      );
    }
    expect(await everything(db.db)).toBe(before);
    // A product keeps its own barcodes when it is sent again.
    const oil = await db.db
      .selectFrom('products')
      .selectAll()
      .where('id', '=', A.productIds[0]!)
      .executeTakeFirstOrThrow();
    const again = { ...product(oil.name, [oil.barcode!]), id: oil.id };
    expect((await json.raw('PUT', `/api/townships/${t}/master`, { products: [again] })).status).toBe(200);
  });

  it('refuses a price of 0 points in words, and writes nothing', async () => {
    const t = A.townshipId;
    const before = await everything(db.db);
    for (const pricePoints of [0, -100]) {
      const r = await officerA.send('POST', `/townships/${t}/products`, { name: '白送', pricePoints });
      expect(r.status).toBe(400);
      expect(r.body.error?.zh).toContain('积分价必须大于 0');
      expect(r.body.error?.en).toContain('points price must be above 0');
    }
    expect(await everything(db.db)).toBe(before);
  });

  /** A real till of A's first shop, enrolled and synced once. */
  const enrolledTill = async (file: string) => {
    const store = openStore(join(s.dir, file), { clock: s.server.clock });
    s.stores.push(store);
    const sync = new SyncClient({ store, clock: s.server.clock });
    const { code } = await s.api.call<{ code: string }>(
      'POST',
      `/api/shops/${A.shopIds[0]}/enrollment-codes`,
    );
    await sync.enroll(s.server.url, code, '收银机');
    expect((await sync.syncNow()).state).toBe('idle');
    return { store, sync };
  };

  it('a price, pack-size and barcode change in the console reaches the till by a delta pull', async () => {
    const { store, sync } = await enrolledTill('till.db');
    const versionBefore = store.getSetting<number>('sync.master_version');
    const productId = A.productIds[0]!;
    const r = await officerA.send('PUT', `/townships/${A.townshipId}/products/${productId}`, {
      name: '食用油',
      barcodes: ['6900000000011', '6900000000424'],
      unit: '桶',
      pricePoints: 3250,
      costFen: 2800,
      packSize: 6,
      lowStock: 4,
    });
    expect(r.status).toBe(200);
    expect((await sync.syncNow()).state).toBe('idle');
    await sync.stop();
    const row = store.db
      .prepare(
        'SELECT price_points, pack_size, low_stock, cost_fen, unit, barcode, barcodes, updated_at FROM products WHERE id = ?',
      )
      .get(productId) as Record<string, unknown>;
    expect(row).toMatchObject({
      price_points: 3250,
      pack_size: 6,
      low_stock: 4,
      cost_fen: 2800,
      unit: '桶',
      barcode: '6900000000011',
      barcodes: JSON.stringify(['6900000000011', '6900000000424']),
    });
    expect(Number(row.updated_at)).toBeGreaterThan(NOW - 60_000);
    // The second barcode now finds the product at the counter.
    expect(
      store.db
        .prepare('SELECT product_id FROM product_barcodes WHERE barcode = ?')
        .pluck()
        .get('6900000000424'),
    ).toBe(productId);
    expect(store.getSetting<number>('sync.master_version')).not.toBe(versionBefore);
  });

  it('a reissued door plate reaches the till, which then refuses the old plate (decision 0911)', async () => {
    const { store, sync } = await enrolledTill('till-plate.db');
    const ctx = contextFor(store);
    const household = A.households[0]!.id;
    const plateAtTill = () =>
      store.db.prepare('SELECT plate FROM households WHERE id = ?').pluck().get(household) as string;
    const old = plateAtTill();
    expect(checkPlate(ctx, old).version).toBe(1);

    const path = `/townships/${A.townshipId}/households/${household}/plate`;
    // Refused, with nothing signed: no reason, a cadre, another township's household.
    expect((await officerA.send('POST', path, { reason: ' ' })).status).toBe(400);
    expect((await cadreA.send('POST', path, { reason: '丢失' })).status).toBe(403);
    const foreign = `/townships/${A.townshipId}/households/${B.households[0]!.id}/plate`;
    expect((await officerA.send('POST', foreign, { reason: '丢失' })).status).toBeGreaterThanOrEqual(400);
    const r = await officerA.send('POST', path, { reason: '门牌丢失' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ plateVersion: 2 });
    const view = await officerA.send('GET', `/townships/${A.townshipId}/households/${household}`);
    expect((view.body as { plateVersion: number }).plateVersion).toBe(2);

    expect((await sync.syncNow()).state).toBe('idle');
    await sync.stop();
    const renewed = plateAtTill();
    expect(parsePlate(renewed)?.version).toBe(2);
    expect(checkPlate(ctx, renewed).household.id).toBe(household);
    let refused: unknown;
    try {
      checkPlate(ctx, old);
    } catch (e) {
      refused = e;
    }
    expect(isTillError(refused) && refused.code).toBe('PLATE_REPLACED');
    expect(isTillError(refused) && refused.zh).toContain('已作废');
    const trail = await officerA.send('GET', `/townships/${A.townshipId}/audit`);
    const reissues = (trail.body.rows as { action: string; details: { reason?: string } }[]).filter(
      (x) => x.action === 'household.plate',
    );
    expect(reissues.map((x) => x.details.reason)).toEqual(['门牌丢失']);
    const versions = await db.db.selectFrom('households').select(['id', 'plateVersion']).execute();
    expect(versions.filter((v) => v.plateVersion !== 1)).toEqual([{ id: household, plateVersion: 2 }]);
  });
});
