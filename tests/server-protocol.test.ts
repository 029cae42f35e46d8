import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyWith } from '../main/sync/keys';
import { businessDate, lastDayOf, periodOf, previousPeriod, startOfLocalDay } from '../src/clock';
import type { DateFlagView } from '../src/console/date-flags';
import type { StatementLine } from '../src/console/people';
import { entryHash, type JournalEntry } from '../src/journal';
import type { PeriodReport } from '../src/reports/reconciliation';
import { MAX_BODY_BYTES, type PullResponse } from '../src/sync/messages';
import { HEADER_SERVER_SIGNATURE, responseSigningString } from '../src/sync/signing';
import { ConsoleClient } from './support/console-client';
import { type Postgres, startPostgres } from './support/postgres';
import { OFFICER, OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { bodies, RawDevice, seedTownship, type Township } from './support/township';

/**
 * The township server's sync protocol against a real server process, on the embedded
 * SQLite file and on a throwaway PostgreSQL: the same assertions for both dialects.
 */
/**
 * The server's business clock starts five seconds into a month (Shanghai); tills push
 * entries dated in the month before, which the tests close. Every date below comes from NOW.
 */
const NOW = startOfLocalDay('2026-12-01') + 5_000;
const THIS_MONTH = periodOf(businessDate(NOW));
const LAST_MONTH = previousPeriod(THIS_MONTH);

describe.each(['sqlite', 'postgres'] as const)('township server on %s', (dialect) => {
  let dir: string;
  let pgsql: Postgres | null = null;
  let server: ServerProcess;
  let api: OfficerApi;
  let t: Township;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-server-'));
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pgsql = await startPostgres();
      databaseUrl = await pgsql.newDatabase();
    }
    server = await startServer({ dir, databaseUrl, nowMs: NOW, env: { JIFEN_SYNC_RATE_PER_MINUTE: '120' } });
    api = new OfficerApi(server.url);
    await api.login();
    t = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 6 });
  });

  afterAll(async () => {
    await server?.stop();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rawDevice = (shop = 0) => {
    const d = new RawDevice(server.url, t.shopIds[shop]!, server.clock);
    d.entryDate = `${LAST_MONTH}-15`;
    return d;
  };
  const device = async (shop = 0) => {
    const d = rawDevice(shop);
    await d.enroll(api);
    return d;
  };
  const balances = () => api.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`);
  const devices = () =>
    api.call<{ id: string; lastSeq: number; lastClockSkewMs: number | null }[]>(
      'GET',
      `/api/townships/${t.townshipId}/devices`,
    );
  const snapshot = async () => ({
    balances: await balances(),
    devices: (await devices()).map((d) => [d.id, Number(d.lastSeq)]),
  });
  const h = (i: number) => t.households[i]!;

  test('an officer logs in with a strong password; a wrong one is refused in both languages', async () => {
    const bad = await new OfficerApi(server.url).raw('POST', '/api/login', {
      username: 'admin',
      password: 'wrong-password',
    });
    expect(bad.status).toBe(401);
    const body = (await bad.json()) as { error: { code: string; zh: string; en: string } };
    expect(body.error.code).toBe('WRONG_PIN');
    expect(body.error.zh).toContain('密码');
    const anonymous = await new OfficerApi(server.url).raw('GET', `/api/townships/${t.townshipId}/balances`);
    expect(anonymous.status).toBe(401);
  });

  test('roles: a village cadre awards points only in their village and cannot close a month; guessing locks out', async () => {
    const village = t.households[0]!.villageId;
    await api.call('POST', '/api/officers', {
      username: 'cadre1',
      name: '村干部',
      password: 'cadre-password-1',
      role: 'cadre',
      townshipId: t.townshipId,
      villageId: village,
    });
    const cadre = new OfficerApi(server.url);
    await cadre.login('cadre1', 'cadre-password-1');
    const own = t.households.find((x) => x.villageId === village)!;
    const other = t.households.find((x) => x.villageId !== village)!;
    const before = await balances();
    await cadre.call('POST', `/api/townships/${t.townshipId}/awards`, {
      householdId: own.id,
      amount: 100,
      reason: '志愿服务',
    });
    const refused = await cadre.raw('POST', `/api/townships/${t.townshipId}/awards`, {
      householdId: other.id,
      amount: 100,
      reason: '志愿服务',
    });
    expect(refused.status).toBe(403);
    expect(
      (await cadre.raw('POST', `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/close`, {})).status,
    ).toBe(403);
    expect(await balances()).toEqual({ ...before, [own.id]: (before[own.id] ?? 0) + 100 });
    await cadre.call('POST', `/api/townships/${t.townshipId}/awards`, {
      householdId: own.id,
      amount: -100,
      reason: '更正',
    });

    for (let i = 0; i < 5; i++)
      expect(
        (
          await new OfficerApi(server.url).raw('POST', '/api/login', {
            username: 'cadre1',
            password: `guess-${i}`,
          })
        ).status,
      ).toBe(401);
    const locked = await new OfficerApi(server.url).raw('POST', '/api/login', {
      username: 'cadre1',
      password: 'cadre-password-1',
    });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('CLERK_LOCKED');
  });

  test('enrolment: a one-time code works once; a reused code is refused', async () => {
    const { code } = await api.call<{ code: string }>('POST', `/api/shops/${t.shopIds[0]}/enrollment-codes`);
    const d = rawDevice(0);
    const enrol = (deviceId: string) =>
      fetch(`${server.url}/sync/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code,
          deviceId,
          name: 'till',
          publicKey: d.keys.publicKey,
          previousDeviceId: null,
        }),
      });
    expect((await enrol(d.id)).status).toBe(200);
    expect((await d.post('/sync/pull', { cursor: 0, masterVersion: 0 })).status).toBe(200);
    const again = await enrol(rawDevice(0).id);
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'bad-code',
    );
  });

  test('push is idempotent: a resent, duplicated or reordered batch changes nothing', async () => {
    const d = await device();
    const batch = d.append(4, (i) => bodies.award(h(0).id, 1000 + i));
    const first = await d.post('/sync/push', { entries: batch });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ stored: 4, duplicates: 0, lastSeq: 4 });
    const before = await snapshot();

    const resent = await d.post('/sync/push', { entries: batch });
    expect(resent.json).toMatchObject({ stored: 0, duplicates: 4, lastSeq: 4 });
    const duplicated = await d.post('/sync/push', { entries: [...batch, ...batch].reverse() });
    expect(duplicated.json).toMatchObject({ stored: 0, duplicates: 4, lastSeq: 4 });
    expect(await snapshot()).toEqual(before);

    // Reordered across batches: the later batch first is refused with where to resume, then both land once.
    const b2 = d.append(3, () => bodies.award(h(1).id, 200));
    const b3 = d.append(3, () => bodies.award(h(1).id, 300));
    const early = await d.post('/sync/push', { entries: b3 });
    expect(early.status).toBe(409);
    expect(early.json.error?.details).toMatchObject({ reason: 'seq-gap', expectedSeq: 5 });
    expect((await d.post('/sync/push', { entries: [...b2].reverse() })).json).toMatchObject({
      stored: 3,
      lastSeq: 7,
    });
    expect((await d.post('/sync/push', { entries: [...b3, ...b2] })).json).toMatchObject({
      stored: 3,
      duplicates: 3,
      lastSeq: 10,
    });
    expect((await balances())[h(1).id]).toBe(1500);
    expect((await balances())[h(0).id]).toBe(4006);
  });

  test('an entry id another entry holds, stored or earlier in the batch, is refused as a conflict naming it; the batch stores nothing', async () => {
    const a = await device();
    const b = await device();
    const [taken] = a.append(1, () => bodies.award(h(4).id, 100));
    expect((await a.post('/sync/push', { entries: [taken!] })).json).toMatchObject({ stored: 1 });
    const before = await snapshot();
    /** The device's last entry again, under another entry's id (hashed anew, so the chain holds). */
    const underId = (id: string) => {
      const { hash: _old, ...rest } = { ...b.chain.pop()!, id };
      const e = { ...rest, hash: entryHash(rest) } as JournalEntry;
      b.chain.push(e);
      return e;
    };
    const [first] = b.append(2, () => bodies.award(h(4).id, 100));
    const r1 = await b.post('/sync/push', { entries: [first!, underId(taken!.id)] });
    expect(r1.status).toBe(409);
    expect(r1.json.error?.details).toMatchObject({ reason: 'conflict', id: taken!.id });
    expect(await snapshot()).toEqual(before);

    b.chain.pop();
    const [second] = b.append(2, () => bodies.award(h(4).id, 100));
    const r2 = await b.post('/sync/push', { entries: [first!, second!, underId(first!.id)] });
    expect(r2.status).toBe(409);
    expect(r2.json.error?.details).toMatchObject({ reason: 'conflict', id: first!.id });
    expect(await snapshot()).toEqual(before);

    b.chain.pop();
    expect((await b.post('/sync/push', { entries: [first!, second!] })).json).toMatchObject({
      stored: 2,
      lastSeq: 2,
    });
  });

  test('a broken hash chain or a changed entry is refused with the seq to resend from', async () => {
    const d = await device();
    await d.post('/sync/push', { entries: d.append(2, () => bodies.award(h(2).id, 100)) });
    const before = await snapshot();
    const [next] = d.append(1, () => bodies.award(h(2).id, 100));
    const forged = { ...next!, body: { ...next!.body, amount: 999_900 } };
    const r1 = await d.post('/sync/push', { entries: [forged] });
    expect(r1.status).toBe(409);
    expect(r1.json.error?.details).toMatchObject({ reason: 'chain-broken', expectedSeq: 3 });
    expect(r1.json.error?.zh).toBeTruthy();
    const rewritten = {
      ...d.chain[0]!,
      body: { ...d.chain[0]!.body, amount: 5 },
    } as (typeof d.chain)[number];
    const r2 = await d.post('/sync/push', { entries: [rewritten] });
    expect(r2.json.error?.details.reason).toBe('conflict');
    expect(await snapshot()).toEqual(before);
    expect((await d.post('/sync/push', { entries: [next!] })).json).toMatchObject({ stored: 1, lastSeq: 3 });
  });

  test('malformed, oversized, unsigned, replayed, wrongly signed, unknown and revoked requests change nothing', async () => {
    const d = await device();
    const entries = d.append(1, () => bodies.award(h(3).id, 700));
    const before = await snapshot();
    const reason = (r: { json: { error?: { details: { reason?: string } } } }) =>
      r.json.error?.details.reason;

    expect(reason(await d.post('/sync/push', { entries }, { text: '{"entries": [' }))).toBe('malformed');
    expect(reason(await d.post('/sync/push', { entries: [{ ...entries[0], seq: 'one' }] }))).toBe(
      'malformed',
    );
    const huge = 'x'.repeat(MAX_BODY_BYTES + 10);
    // The server answers 413 from the Content-Length alone; the client may still be
    // writing and see the connection cut instead. Either way nothing is stored.
    const big = await d.post('/sync/push', { entries, pad: huge }).catch((e: Error) => e);
    if (big instanceof Error) expect(String(big.cause)).toMatch(/EPIPE|ECONNRESET|other side closed/);
    else expect([big.status, reason(big)]).toEqual([413, 'too-large']);
    const unsigned = await fetch(`${server.url}/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entries }),
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'unsigned',
    );
    expect(
      reason(
        await d.post(
          '/sync/push',
          { entries },
          { text: JSON.stringify({ entries: [{ ...entries[0], body: { ...entries[0]!.body } }], x: 1 }) },
        ),
      ),
    ).toBe('bad-signature');
    const other = rawDevice(0);
    expect(
      reason(
        await d.post(
          '/sync/push',
          { entries },
          { signature: (await other.post('/sync/pull', { cursor: 0, masterVersion: 0 })).nonce },
        ),
      ),
    ).toBe('bad-signature');
    expect(reason(await other.post('/sync/push', { entries }))).toBe('unknown-device');
    expect(
      reason(await d.post('/sync/push', { entries }, { timestamp: server.clock.now() - 60 * 60 * 1000 })),
    ).toBe('clock-skew');
    expect(await snapshot()).toEqual(before);

    const once = await d.post('/sync/push', { entries }, { nonce: 'fixed-nonce-0123456789' });
    expect(once.status).toBe(200);
    const after = await snapshot();
    const replay = await d.post('/sync/push', { entries }, { nonce: 'fixed-nonce-0123456789' });
    expect(reason(replay)).toBe('replayed');

    await api.call('POST', `/api/devices/${d.id}/revoke`);
    const revoked = await d.post('/sync/pull', { cursor: 0, masterVersion: 0 });
    expect(revoked.status).toBe(403);
    expect(reason(revoked)).toBe('revoked');
    expect(revoked.json.error?.zh).toContain('停用');
    expect(await snapshot()).toEqual(after);
  });

  test('concurrent pushes from five tills while another pulls: every entry stored once and pulled once', async () => {
    const tills = [];
    for (const shop of [0, 1, 0, 1, 0]) tills.push(await device(shop));
    const reader = await device(1);
    const pulled: string[] = [];
    let cursor = 0;
    const pullAll = async () => {
      for (;;) {
        const page = (await reader.post('/sync/pull', { cursor, masterVersion: 1_000_000 }))
          .json as unknown as PullResponse;
        pulled.push(...page.entries.map((e) => e.id));
        cursor = page.cursor;
        if (!page.more) return;
      }
    };
    await pullAll();
    pulled.length = 0;
    const before = (await balances())[h(3).id] ?? 0;
    for (const d of tills) d.append(100, () => bodies.award(h(3).id, 1));
    let pushing = true;
    const pushes = Promise.all(
      tills.map(async (d) => {
        for (let i = 0; i < 100; i += 10) {
          const r = await d.post('/sync/push', { entries: d.chain.slice(i, i + 10) });
          expect(r.status).toBe(200);
        }
      }),
    ).finally(() => {
      pushing = false;
    });
    while (pushing) {
      await pullAll();
      await new Promise((r) => setTimeout(r, 25));
    }
    await pushes;
    await pullAll();
    const expected = tills.flatMap((d) => d.chain.map((e) => e.id));
    expect(pulled.length).toBe(new Set(pulled).size);
    expect(new Set(pulled)).toEqual(new Set(expected));
    expect((await balances())[h(3).id]).toBe(before + 500);
  });

  test('a device sending far more than a till ever would is slowed down, in both languages', async () => {
    const d = await device();
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++)
      statuses.push((await d.post('/sync/pull', { cursor: 0, masterVersion: 1_000_000 })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const last = await d.post('/sync/pull', { cursor: 0, masterVersion: 1_000_000 });
    expect(last.status).toBe(429);
    expect(last.json.error?.details.reason).toBe('rate-limited');
    expect(last.json.error?.zh).toContain('频繁');
    // Another device is not affected.
    expect((await (await device()).post('/sync/pull', { cursor: 0, masterVersion: 1_000_000 })).status).toBe(
      200,
    );
  });

  test('pull is signed by the server and brings master data, other devices entries and card blocks', async () => {
    const a = await device(0);
    const b = await device(1);
    await a.post('/sync/push', { entries: a.append(2, () => bodies.award(h(4).id, 2500)) });
    await api.call('POST', `/api/townships/${t.townshipId}/cards/${h(4).cardUid}/lost`, {
      reason: '村民报失',
    });
    const r = await b.post('/sync/pull', { cursor: 0, masterVersion: 0 });
    expect(r.status).toBe(200);
    const sig = r.headers.get(HEADER_SERVER_SIGNATURE)!;
    expect(verifyWith(b.serverPublicKey, responseSigningString(r.text, r.nonce), sig)).toBe(true);
    expect(verifyWith(b.serverPublicKey, responseSigningString(r.text, 'another-nonce-12345678'), sig)).toBe(
      false,
    );
    const page = r.json as unknown as PullResponse;
    expect(page.master?.households).toHaveLength(6);
    expect(page.master?.clerks[0]?.pinHash).toMatch(/^scrypt\$/);
    expect(page.entries.filter((e) => e.deviceId === a.id)).toHaveLength(2);
    expect(page.entries.some((e) => e.deviceId === b.id)).toBe(false);
    const block = page.entries.find((e) => e.kind === 'card.lost');
    expect(block?.body).toMatchObject({ cardUid: h(4).cardUid });
    const again = (await b.post('/sync/pull', { cursor: page.cursor, masterVersion: page.masterVersion }))
      .json as unknown as PullResponse;
    expect(again.entries).toHaveLength(0);
    expect(again.master).toBeNull();
  });

  test('offline double spend: both sales stand, the overdraft is flagged and every till pulls it', async () => {
    const a = await device(0);
    const b = await device(1);
    const hh = h(5);
    await api.call('POST', `/api/townships/${t.townshipId}/awards`, {
      householdId: hh.id,
      amount: 5000,
      reason: '乡镇表彰',
    });
    await a.post('/sync/push', {
      entries: a.append(1, () => bodies.sale(t.shopIds[0]!, hh, t.productIds[0]!, 1, 3000, 2000)),
    });
    await b.post('/sync/push', {
      entries: b.append(1, () => bodies.sale(t.shopIds[1]!, hh, t.productIds[0]!, 1, 3000, 2000)),
    });
    expect((await balances())[hh.id]).toBe(-1000);
    const pulled = (await a.post('/sync/pull', { cursor: 0, masterVersion: 0 }))
      .json as unknown as PullResponse;
    const flagged = pulled.overdrafts.filter((o) => o.householdId === hh.id);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ deviceId: b.id, balanceAfter: -1000, status: 'open' });
    expect(
      pulled.entries.filter(
        (e) => e.kind === 'sale' && (e.body as { householdId: string }).householdId === hh.id,
      ),
    ).toHaveLength(1);
  });

  test('month-end close waits for every till, locks the month, books a late entry to the next month, exports', async () => {
    const straggler = await device(0);
    const report = () =>
      api.call<{ report: PeriodReport; signature: string | null }>(
        'GET',
        `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/report.json`,
      );
    const preview = (await report()).report;
    expect(preview.devices.find((d) => d.deviceId === straggler.id)?.syncedPastCutoff).toBe(false);
    const refused = await api.raw('POST', `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/close`, {});
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain(straggler.id.slice(-4));

    await straggler.post('/sync/pull', { cursor: 0, masterVersion: 0 });
    const closed = await api.call<{ report: PeriodReport; signature: string }>(
      'POST',
      `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/close`,
      {},
    );
    expect(closed.report.closed).toBe(true);
    expect(closed.report.totals.redeemed).toBe(-6000);
    expect(closed.report.overdrafts).toHaveLength(1);
    expect(closed.report.totals.net).toBe(closed.report.closingBalance);
    // The township award was made today, so it belongs to this month.
    const novReport = () =>
      api.call<{ report: PeriodReport }>(
        'GET',
        `/api/townships/${t.townshipId}/periods/${THIS_MONTH}/report.json`,
      );
    const novBefore = (await novReport()).report;
    const sum = Object.values(await balances()).reduce((s, v) => s + v, 0);
    expect(closed.report.closingBalance + novBefore.totals.net).toBe(sum);
    expect(novBefore.closingBalance).toBe(sum);

    await straggler.post('/sync/push', {
      entries: straggler.append(1, () => bodies.award(h(0).id, 100), lastDayOf(LAST_MONTH)),
    });
    expect((await report()).report).toEqual(closed.report);
    const nov = (await novReport()).report;
    expect(nov.totals.issued).toBe(novBefore.totals.issued + 100);
    expect(nov.totals.lateEntries).toBe(1);
    // Rung up on the locked month's last day, dated the first of this one (decision 0723):
    // it counts by its time, so late into this month, and the locked month stays as closed.
    await straggler.post('/sync/push', {
      entries: straggler.append(
        1,
        () => bodies.award(h(0).id, 100),
        `${THIS_MONTH}-01`,
        startOfLocalDay(lastDayOf(LAST_MONTH)) + 15 * 3_600_000,
      ),
    });
    expect((await report()).report).toEqual(closed.report);
    expect((await novReport()).report.totals.lateEntries).toBe(2);
    const officer = await new ConsoleClient(server.url).signIn(OFFICER.username, OFFICER.password);
    const dated = await officer.call<DateFlagView[]>('GET', `/townships/${t.townshipId}/date-flags`);
    expect(dated.map((f) => [f.tillDate, f.atDate, f.period, f.late, f.status])).toEqual([
      [`${THIS_MONTH}-01`, lastDayOf(LAST_MONTH), THIS_MONTH, true, 'open'],
    ]);
    // The household's statement says which month each line counts in: the two late awards
    // in this month, whatever date the till wrote; its earlier lines in the month they were dated.
    const late = straggler.chain.slice(-2).map((e) => e.id);
    const statement = await officer.call<{ lines: StatementLine[] }>(
      'GET',
      `/townships/${t.townshipId}/households/${h(0).id}/statement`,
    );
    expect(
      statement.lines.filter((l) => late.includes(l.entryId)).map((l) => [l.businessDate, l.period]),
    ).toEqual([
      [lastDayOf(LAST_MONTH), THIS_MONTH],
      [`${THIS_MONTH}-01`, THIS_MONTH],
    ]);
    const onTime = statement.lines.filter((l) => !late.includes(l.entryId));
    expect(onTime.length).toBeGreaterThan(0);
    for (const l of onTime) expect(l.period).toBe(periodOf(l.businessDate));
    const again = await api.raw('POST', `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/close`, {});
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('PERIOD_LOCKED');

    const csv = await api.raw('GET', `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/report.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const csvText = await csv.text();
    expect(csvText).toContain('青山镇');
    expect(csvText).toContain('兑换 Redeemed,-60.00');
    const xlsx = await api.raw('GET', `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/report.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('按村 By village');
    const html = await (
      await api.raw('GET', `/api/townships/${t.townshipId}/periods/${LAST_MONTH}/report.html`)
    ).text();
    expect(html).toContain(closed.signature);
  });
});
