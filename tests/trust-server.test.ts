import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPin } from '../main/store';
import { signWith } from '../main/sync/keys';
import { businessDate, periodOf, previousPeriod } from '../src/clock';
import type { PeriodReport } from '../src/reports/reconciliation';
import type { MasterData } from '../src/sync/master-data';
import type { PullResponse } from '../src/sync/messages';
import { bundleSigningString } from '../src/sync/signing';
import { type Postgres, startPostgres } from './support/postgres';
import { OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { bodies, RawDevice, seedTownship, type Township } from './support/township';

/**
 * Trust holes of the township server (issue 11), each against a real server process on
 * SQLite and on PostgreSQL: another township's master data, what a till may write, whose
 * PIN hashes a till gets, month close judged by the till's reported head, bundle scope and
 * size, the officer login limiter per name and address, and CSV formula injection.
 */
const NOW = Date.UTC(2031, 1, 10, 4);
const MONTH = previousPeriod(periodOf(businessDate(NOW)));
const IN_MONTH = `${MONTH}-20`;

describe.each(['sqlite', 'postgres'] as const)('trust holes on %s', (dialect) => {
  let dir: string;
  let pgsql: Postgres | null = null;
  let server: ServerProcess;
  let api: OfficerApi;
  let a: Township;
  let b: Township;
  const staff = { clerk: '', stockkeeper: '', otherShopManager: '' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-trust-'));
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pgsql = await startPostgres();
      databaseUrl = await pgsql.newDatabase();
    }
    server = await startServer({ dir, databaseUrl, nowMs: NOW });
    api = new OfficerApi(server.url);
    await api.login();
    a = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 4 });
    b = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 2 });
    const clerk = (name: string, role: string, shopId: string) => ({
      id: crypto.randomUUID(),
      name,
      role,
      shopId,
      pinHash: hashPin('2468'),
      active: true,
    });
    const rows = [
      clerk('收银员', 'clerk', a.shopIds[0]!),
      clerk('库管', 'stockkeeper', a.shopIds[0]!),
      clerk('二店店长', 'manager', a.shopIds[1]!),
    ];
    await api.call('PUT', `/api/townships/${a.townshipId}/master`, { clerks: rows });
    staff.clerk = rows[0]!.id;
    staff.stockkeeper = rows[1]!.id;
    staff.otherShopManager = rows[2]!.id;
  });

  afterAll(async () => {
    await server?.stop();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const device = async (t: Township, shop: number, clerkId: string | null = t.clerkId) => {
    const d = new RawDevice(server.url, t.shopIds[shop]!);
    d.clockOffsetMs = server.clock.now() - Date.now();
    d.clerkId = clerkId;
    await d.enroll(api);
    return d;
  };
  const pullMaster = async (d: RawDevice) =>
    ((await d.post('/sync/pull', { cursor: 0, masterVersion: 0, head: 0 })).json as unknown as PullResponse)
      .master as MasterData;
  const balances = (t: Township) =>
    api.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`);

  test('hole 1: an officer of one township cannot rewrite or point at another township’s rows', async () => {
    await api.call('POST', '/api/officers', {
      username: `officer-a-${dialect}`,
      name: '甲镇干部',
      password: 'officer-a-password',
      role: 'officer',
      townshipId: a.townshipId,
    });
    const officerA = new OfficerApi(server.url);
    await officerA.login(`officer-a-${dialect}`, 'officer-a-password');
    const watcherB = await device(b, 0);
    const before = await pullMaster(watcherB);
    const aBefore = await pullMaster(await device(a, 0));
    const m = before;
    const attacks: [string, unknown][] = [
      ['villages', { ...m.villages[0]!, townshipId: a.townshipId, name: '被改' }],
      ['shops', { ...m.shops[0]!, villageId: a.villageIds[0], name: '被改' }],
      ['clerks', { ...m.clerks[0]!, pinHash: hashPin('0000'), shopId: null }],
      ['households', { ...m.households[0]!, villageId: a.villageIds[0], number: 'X1' }],
      ['members', { ...m.members[0]!, householdId: a.households[0]!.id }],
      ['cards', { ...m.cards[0]!, householdId: a.households[0]!.id, memberId: null }],
      ['rules', { ...m.rules[0]!, points: 100_000 }],
      ['products', { ...m.products[0]!, pricePoints: 1 }],
    ];
    for (const [table, row] of attacks) {
      const r = await officerA.raw('PUT', `/api/townships/${a.townshipId}/master`, { [table]: [row] });
      expect({ table, status: r.status }).toEqual({ table, status: 403 });
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    // Rows of this township that point at the other township's rows.
    const pointers: [string, unknown][] = [
      [
        'households',
        { id: crypto.randomUUID(), villageId: b.villageIds[0], number: 'X2', address: '', status: 'active' },
      ],
      ['cards', { uid: '0A0B0C0D0E', memberId: null, householdId: b.households[0]!.id, status: 'active' }],
      [
        'clerks',
        {
          id: crypto.randomUUID(),
          name: '越界',
          role: 'clerk',
          shopId: b.shopIds[0],
          pinHash: 'x',
          active: true,
        },
      ],
    ];
    for (const [table, row] of pointers) {
      const r = await officerA.raw('PUT', `/api/townships/${a.townshipId}/master`, { [table]: [row] });
      expect({ table, status: r.status }).toEqual({ table, status: 400 });
    }
    expect(await pullMaster(watcherB)).toEqual(before);
    const aAfter = await pullMaster(await device(a, 0));
    expect({ ...aAfter, devices: [] }).toEqual({ ...aBefore, devices: [] });
  });

  test('hole 3: the server checks which kinds, for which shop, by which clerk role each till writes', async () => {
    const h = a.households[0]!;
    const refused = async (clerkId: string | null, make: () => ReturnType<typeof bodies.award> | object) => {
      const d = await device(a, 0, clerkId);
      const before = await balances(a);
      const r = await d.post('/sync/push', {
        entries: d.append(1, make as never, IN_MONTH),
      });
      expect(r.status).toBe(403);
      expect(r.json.error?.details.reason).toBe('not-permitted');
      expect(r.json.error?.zh).toContain('无权');
      expect(await balances(a)).toEqual(before);
      const mine = (
        await api.call<{ id: string; lastSeq: number }[]>('GET', `/api/townships/${a.townshipId}/devices`)
      ).find((x) => x.id === d.id);
      expect(Number(mine?.lastSeq)).toBe(0);
      return r.json.error?.details as Record<string, unknown>;
    };
    // A stolen backup's key with a counter clerk's id cannot mint points.
    expect((await refused(staff.clerk, () => bodies.award(h.id, 100_000))).why).toContain('role');
    expect((await refused(null, () => bodies.award(h.id, 100_000))).why).toContain('clerk');
    // Another shop's manager is not a clerk of this shop.
    expect((await refused(staff.otherShopManager, () => bodies.award(h.id, 100_000))).why).toContain('clerk');
    // A clerk id of another township.
    await refused(b.clerkId, () => bodies.award(h.id, 100));
    // Another township's household.
    expect((await refused(a.clerkId, () => bodies.award(b.households[0]!.id, 100))).why).toContain(
      'household',
    );
    // A sale or stock move booked to another shop.
    expect(
      (await refused(a.clerkId, () => bodies.sale(a.shopIds[1]!, h, a.productIds[0]!, 1, 100, 10))).why,
    ).toContain('shop');
    expect(
      (await refused(staff.clerk, () => bodies.receive(a.shopIds[0]!, a.productIds[0]!, 5, 100))).why,
    ).toContain('role');
    // Lifting a card block is the township's call.
    await refused(a.clerkId, () => ({
      kind: 'card.unblock',
      body: { cardUid: h.cardUid, householdId: h.id, reason: '找到了' },
    }));
    // A void "approved" by a counter clerk.
    const sale = bodies.sale(a.shopIds[0]!, h, a.productIds[0]!, 1, 100, 10);
    await refused(staff.clerk, () => ({
      kind: 'sale.void',
      body: {
        saleId: crypto.randomUUID(),
        householdId: h.id,
        shopId: a.shopIds[0],
        reason: '退货',
        approvedBy: staff.clerk,
        lines: sale.body.lines,
        totalPoints: sale.body.totalPoints,
        mode: 'void',
      },
    }));

    // What the roles may do is stored.
    const ok = await device(a, 0, staff.stockkeeper);
    const r1 = await ok.post('/sync/push', {
      entries: ok.append(1, () => bodies.receive(a.shopIds[0]!, a.productIds[0]!, 5, 100), IN_MONTH),
    });
    expect(r1.status).toBe(200);
    ok.clerkId = staff.clerk;
    const r2 = await ok.post('/sync/push', {
      entries: ok.append(1, () => bodies.sale(a.shopIds[0]!, h, a.productIds[0]!, 1, 100, 10), IN_MONTH),
    });
    expect(r2.status).toBe(200);
    ok.clerkId = a.clerkId;
    const r3 = await ok.post('/sync/push', {
      entries: ok.append(1, () => bodies.award(h.id, 300), IN_MONTH),
    });
    expect(r3.status).toBe(200);
    expect(r3.json.lastSeq).toBe(3);
  });

  test('hole 3: a till receives only its own shop’s clerks (and the township-wide ones)', async () => {
    const clerks = (await pullMaster(await device(a, 0))).clerks.map((c) => c.id).sort();
    expect(clerks).toEqual([a.clerkId, staff.clerk, staff.stockkeeper].sort());
    const other = (await pullMaster(await device(a, 1))).clerks.map((c) => c.id).sort();
    expect(other).toEqual([a.clerkId, staff.otherShopManager].sort());
  });

  test('hole 4: a month closes only when the server holds every entry up to the head each till reported', async () => {
    const c = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 2 });
    const close = () => api.raw('POST', `/api/townships/${c.townshipId}/periods/${MONTH}/close`, {});
    const one = await device(c, 0);
    const two = await device(c, 1);
    const entries = one.append(3, (i) => bodies.award(c.households[0]!.id, 100 * (i + 1)), IN_MONTH);
    // The batch was cut off after two entries; the till said it holds three.
    expect((await one.post('/sync/push', { entries: entries.slice(0, 2), head: 3 })).status).toBe(200);
    expect((await two.post('/sync/pull', { cursor: 0, masterVersion: 0, head: 0 })).status).toBe(200);
    // A pull after the cut-off moves lastSyncAt, but the third entry is still missing.
    expect((await one.post('/sync/pull', { cursor: 0, masterVersion: 0, head: 3 })).status).toBe(200);
    const refusedClose = await close();
    expect(refusedClose.status).toBe(400);
    const why = JSON.stringify(await refusedClose.json());
    expect(why).toContain(one.id);
    expect(why).not.toContain(two.id);

    expect((await one.post('/sync/push', { entries: entries.slice(2), head: 3 })).status).toBe(200);
    const closed = await api.call<{ report: PeriodReport }>(
      'POST',
      `/api/townships/${c.townshipId}/periods/${MONTH}/close`,
      {},
    );
    expect(closed.report.totals.issued).toBe(600);
    expect(closed.report.devices.every((d) => d.syncedPastCutoff)).toBe(true);
  });

  test('CSV exports neutralise cells that would run as formulas', async () => {
    const c = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 1 });
    const d = await device(c, 0);
    const snapshot = await pullMaster(d);
    await api.call('PUT', `/api/townships/${c.townshipId}/master`, {
      villages: [{ ...snapshot.villages[0]!, name: '=HYPERLINK("http://x.example","点我")' }],
      shops: [{ ...snapshot.shops[0]!, name: '@SUM(1+1)' }],
    });
    await d.post('/sync/push', {
      entries: d.append(1, () => bodies.award(c.households[0]!.id, 100), IN_MONTH),
      head: 1,
    });
    const csv = await (
      await api.raw('GET', `/api/townships/${c.townshipId}/periods/${MONTH}/report.csv`)
    ).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""点我"")"`);
    expect(csv).toContain(`'@SUM(1+1)`);
    const cells = csv.split(/\r?\n/).flatMap((line) => line.split(','));
    expect(cells.filter((cell) => /^"?[=@+]/.test(cell))).toEqual([]);
  });

  test('/api/bundles: only an officer of the bundle’s township imports it; no body is read before login; size limit', async () => {
    const d = await device(b, 0);
    const unsigned = {
      format: 'jifen-till-bundle/1',
      deviceId: d.id,
      createdAt: server.clock.now(),
      entries: d.append(1, () => bodies.award(b.households[0]!.id, 5000), IN_MONTH),
    };
    const bundle = { ...unsigned, signature: signWith(d.keys.privateKey, bundleSigningString(unsigned)) };
    await api.call('POST', '/api/officers', {
      username: `officer-a2-${dialect}`,
      name: '甲镇干部',
      password: 'officer-a-password',
      role: 'officer',
      townshipId: a.townshipId,
    });
    const officerA = new OfficerApi(server.url);
    await officerA.login(`officer-a2-${dialect}`, 'officer-a-password');
    const before = await balances(b);
    const foreign = await officerA.raw('POST', '/api/bundles', bundle);
    expect(foreign.status).toBe(403);
    expect(await balances(b)).toEqual(before);

    // Refused before the body is read: a 401, or the connection closed while still sending.
    const anonymous = await new OfficerApi(server.url)
      .raw('POST', '/api/bundles', { ...bundle, padding: 'x'.repeat(2 * 1024 * 1024) })
      .then((r) => r.status)
      .catch((e: Error & { cause?: { code?: string } }) => e.cause?.code);
    expect([401, 'EPIPE', 'ECONNRESET']).toContain(anonymous);
    const huge = await api
      .raw('POST', '/api/bundles', { ...bundle, padding: 'x'.repeat(65 * 1024 * 1024) })
      .then((r) => r.status)
      .catch((e: Error & { cause?: { code?: string } }) => e.cause?.code);
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(huge);

    const own = await api.call<{ imported: { stored: number } }>('POST', '/api/bundles', bundle);
    expect(own.imported.stored).toBe(1);
  });

  test('officer login limit is per name and address with backoff: guessing from one address locks out only that address', async () => {
    const username = `guarded-${dialect}`;
    await api.call('POST', '/api/officers', {
      username,
      name: '被猜的人',
      password: 'the-real-password',
      role: 'officer',
      townshipId: a.townshipId,
    });
    const loginFrom = (localAddress: string, password: string) =>
      new Promise<{ status: number; body: { error?: { code: string; details: { retryAfterMs?: number } } } }>(
        (resolve, reject) => {
          const body = JSON.stringify({ username, password });
          const req = request(
            `${server.url}/api/login`,
            {
              method: 'POST',
              localAddress,
              headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => {
                text += c.toString();
              });
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
            },
          );
          req.on('error', reject);
          req.end(body);
        },
      );
    // Five free guesses, then each further one waits twice as long (1 s, 2 s, ...).
    for (let i = 0; i < 5; i++) expect((await loginFrom('127.0.0.3', `guess-${i}`)).status).toBe(401);
    const locked = await loginFrom('127.0.0.3', 'the-real-password');
    expect(locked.status).toBe(429);
    expect(locked.body.error?.details.retryAfterMs).toBeGreaterThan(0);
    // The officer at the township office is not locked out by the guesser.
    expect((await loginFrom('127.0.0.4', 'the-real-password')).status).toBe(200);
  });
});
