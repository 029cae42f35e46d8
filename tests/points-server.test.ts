import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { businessDate, lastDayOf, periodOf, previousPeriod, startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';
import { type Postgres, startPostgres } from './support/postgres';
import { OFFICER, OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { bodies, RawDevice, seedTownship, type Township } from './support/township';

/** The server's clock starts at the beginning of a month; entries are dated in the month before. */
const NOW = startOfLocalDay('2026-12-01') + 5_000;
const LAST_MONTH = previousPeriod(businessDate(NOW).slice(0, 7));
const THIS_MONTH = periodOf(businessDate(NOW));

/**
 * The two-person rule at the server: a self-approved award that comes in a push is stored
 * (the device's chain stays whole) but never counted, and flagged for the township.
 */
describe.each(['sqlite', 'postgres'] as const)('points approval at ingest on %s', (dialect) => {
  let dir: string;
  let pgsql: Postgres | null = null;
  let server: ServerProcess;
  let api: OfficerApi;
  let t: Township;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-points-server-'));
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pgsql = await startPostgres();
      databaseUrl = await pgsql.newDatabase();
    }
    server = await startServer({ dir, databaseUrl, nowMs: NOW });
    api = new OfficerApi(server.url);
    await api.login();
    t = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 3 });
  });

  afterAll(async () => {
    await server?.stop();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const balances = () => api.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`);

  test('a self-approved award in a push is refused from the balance and flagged; a properly approved one counts', async () => {
    const d = new RawDevice(server.url, t.shopIds[0]!, server.clock);
    d.entryDate = `${LAST_MONTH}-15`;
    await d.enroll(api);
    const [h0, h1] = [t.households[0]!, t.households[1]!];
    const proposer = crypto.randomUUID();
    const approved = d.append(1, () => {
      const e = bodies.award(h0.id, 500);
      return { ...e, body: { ...e.body, proposedBy: proposer, approvedBy: t.clerkId } };
    });
    const self = d.append(1, () => {
      const e = bodies.award(h1.id, 700);
      return { ...e, body: { ...e.body, proposedBy: t.clerkId, approvedBy: t.clerkId } };
    });
    const before = await balances();
    const res = await d.post('/sync/push', { entries: [...approved, ...self] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ stored: 2, lastSeq: 2 });
    const after = await balances();
    expect(after[h0.id] ?? 0).toBe((before[h0.id] ?? 0) + 500);
    expect(after[h1.id] ?? 0).toBe(before[h1.id] ?? 0);
    const flags = await api.call<{ entryId: string; reason: string; points: number; householdId: string }[]>(
      'GET',
      `/api/townships/${t.townshipId}/points-flags`,
    );
    expect(flags).toEqual([
      expect.objectContaining({
        entryId: self[0]!.id,
        reason: 'self-approval',
        points: 700,
        householdId: h1.id,
      }),
    ]);
    // A resend changes nothing and flags nothing twice.
    expect((await d.post('/sync/push', { entries: self })).json).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await api.call('GET', `/api/townships/${t.townshipId}/points-flags`)).toHaveLength(1);
  });

  test("a once-a-month rule counts by the date the award's time gives: a till that dated it into the next month still used this month's (0723)", async () => {
    const ruleId = newId({ now: () => NOW + 7 });
    await api.call('PUT', `/api/townships/${t.townshipId}/master`, {
      rules: [
        {
          id: ruleId,
          category: '环境卫生',
          name: '卫生评比（每月）',
          points: 300,
          personType: '全体',
          needsApproval: true,
          active: true,
          limitKind: 'month',
        },
      ],
    });
    const d = new RawDevice(server.url, t.shopIds[0]!, server.clock);
    await d.enroll(api);
    const h = t.households[1]!;
    const award = () => {
      const e = bodies.award(h.id, 300, ruleId);
      return { ...e, body: { ...e.body, proposedBy: crypto.randomUUID(), approvedBy: t.clerkId } };
    };
    const first = d.append(1, award, `${LAST_MONTH}-15`);
    // Given on the month's last afternoon; the till wrote the first of the next month.
    const redated = d.append(
      1,
      award,
      `${THIS_MONTH}-01`,
      startOfLocalDay(lastDayOf(LAST_MONTH)) + 15 * 3_600_000,
    );
    expect((await d.post('/sync/push', { entries: first })).status).toBe(200);
    expect((await d.post('/sync/push', { entries: redated })).status).toBe(200);
    const flags = await api.call<{ entryId: string; reason: string }[]>(
      'GET',
      `/api/townships/${t.townshipId}/points-flags`,
    );
    expect(flags.filter((f) => f.entryId === first[0]!.id)).toEqual([]);
    expect(flags.filter((f) => f.entryId === redated[0]!.id).map((f) => f.reason)).toEqual(['limit-month']);
  });

  test('a township award never records one officer as both proposer and approver', async () => {
    const h = t.households[2]!;
    const me = await api.call<{ officer: { id: string } }>('POST', '/api/login', {
      username: OFFICER.username,
      password: OFFICER.password,
    });
    const before = await balances();
    await api.call('POST', `/api/townships/${t.townshipId}/awards`, {
      householdId: h.id,
      amount: 300,
      reason: '乡镇表彰',
    });
    expect((await balances())[h.id]).toBe((before[h.id] ?? 0) + 300);
    const refused = await api.raw('POST', `/api/townships/${t.townshipId}/awards`, {
      householdId: h.id,
      amount: 300,
      reason: '乡镇表彰',
      proposedBy: me.officer.id,
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { zh: string } }).error.zh).toBe('不能审批自己提交的积分');
    expect((await balances())[h.id]).toBe((before[h.id] ?? 0) + 300);
  });
});
