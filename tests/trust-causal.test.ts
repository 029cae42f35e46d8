import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPin, TillStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { enrolOnline } from '../main/sync/enroll';
import { type Actor, blockCard, contextFor, suspendHousehold } from '../main/till';
import { liftSuspension } from '../main/till/points-lists';
import { cardView } from '../main/till/queries';
import { findCard } from '../server/cards/issue';
import { openServerDb } from '../server/db/connect';
import type { Clock } from '../src/clock';
import { keyFingerprint } from '../src/sync/setup-file';
import { type Postgres, startPostgres } from './support/postgres';
import { OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { seedTownship, type Township } from './support/township';

/**
 * Hole 5 of issue 11: card and suspension state is causal, not clocked. Two tills, one
 * whose clock runs two hours slow, and the township server (SQLite and PostgreSQL): a
 * lost report or a suspension made after an unblock or lift, but stamped earlier by the
 * slow clock, must stay in force on every till until an unblock or lift names it.
 */
const NOW = Date.UTC(2031, 8, 16, 2);
const SLOW_MS = 2 * 3600_000;

describe.each(['sqlite', 'postgres'] as const)('causal blocks and suspensions (server on %s)', (dialect) => {
  let dir: string;
  let pgsql: Postgres | null = null;
  let server: ServerProcess;
  let api: OfficerApi;
  let t: Township;
  const opened: TillStore[] = [];
  const cadreId = crypto.randomUUID();
  let databaseUrl: string | undefined;
  /** The card's state as the township server holds it (what the console shows). */
  const atServer = async (uid: string) => {
    const db = await openServerDb({ databaseUrl, sqliteFile: join(dir, 'server.db') });
    try {
      return (await findCard(db.db, t.townshipId, uid))?.status;
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-causal-'));
    if (dialect === 'postgres') {
      pgsql = await startPostgres();
      databaseUrl = await pgsql.newDatabase();
    }
    server = await startServer({ dir, databaseUrl, nowMs: NOW });
    api = new OfficerApi(server.url);
    await api.login();
    t = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 3 });
    await api.call('PUT', `/api/townships/${t.townshipId}/master`, {
      clerks: [
        {
          id: cadreId,
          name: '村干部',
          role: 'cadre',
          shopId: t.shopIds[0],
          pinHash: hashPin('1357'),
          active: true,
        },
      ],
    });
  });

  afterAll(async () => {
    for (const s of opened.splice(0)) s.close();
    await server?.stop();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const till = async (name: string, shop: number, clock: Clock) => {
    const store = new TillStore(join(dir, `${name}-${dialect}.db`), { clock });
    opened.push(store);
    const { code } = await api.call<{ code: string }>(
      'POST',
      `/api/shops/${t.shopIds[shop]}/enrollment-codes`,
    );
    const health = (await (await fetch(`${server.url}/health`)).json()) as { serverPublicKey: string };
    await enrolOnline(store, clock, {
      serverUrl: server.url,
      code,
      fingerprint: keyFingerprint(health.serverPublicKey),
      name,
    });
    const sync = new SyncClient({ store, clock });
    expect((await sync.syncNow()).state).toBe('idle');
    return { store, sync, ctx: contextFor(store) };
  };
  const manager = (): Actor => ({ id: t.clerkId, name: '店员', role: 'manager' });

  test('a lost report from a slow till after the unblock stays until an unblock names it', async () => {
    const onTime = await till('on-time', 0, server.clock);
    const slow = await till('slow', 1, { now: () => server.clock.now() - SLOW_MS });
    const uid = t.households[0]!.cardUid;

    blockCard(onTime.ctx, manager(), { uid, lost: true, reason: '村民说卡丢了' });
    await onTime.sync.syncNow();
    // The township finds the card and unblocks it, naming the lost report it lifts.
    await api.call('POST', `/api/townships/${t.townshipId}/cards/${uid}/unblock`, { reason: '找到了' });
    // Minutes later the slow till takes a second lost report; its clock stamps it earlier.
    blockCard(slow.ctx, manager(), { uid, lost: true, reason: '又丢了' });
    const slowEntry = slow.store.journalAfter(0, 1000).find((e) => e.kind === 'card.lost')!;
    expect(slowEntry.at).toBeLessThan(server.clock.now() - SLOW_MS / 2);
    await slow.sync.syncNow();
    await onTime.sync.syncNow();
    expect(cardView(onTime.ctx, uid).status).toBe('lost');
    expect(cardView(slow.ctx, uid).status).toBe('lost');
    expect(await atServer(uid)).toBe('lost');

    // An unblock that names the second report lifts it everywhere.
    await api.call('POST', `/api/townships/${t.townshipId}/cards/${uid}/unblock`, { reason: '真的找到了' });
    await onTime.sync.syncNow();
    await slow.sync.syncNow();
    expect(cardView(onTime.ctx, uid).status).toBe('active');
    expect(cardView(slow.ctx, uid).status).toBe('active');
    expect(await atServer(uid)).toBe('active');
  });

  test('a block from a fast till is lifted at the township by the unblock that names it', async () => {
    const fast = await till('fast', 0, { now: () => server.clock.now() + SLOW_MS });
    const slow = await till('slow-3', 1, { now: () => server.clock.now() - SLOW_MS });
    const uid = t.households[2]!.cardUid;
    // The fast till's report is stamped two hours ahead of the township's unblock.
    blockCard(fast.ctx, manager(), { uid, lost: true, reason: '卡丢了' });
    await fast.sync.syncNow();
    expect(await atServer(uid)).toBe('lost');
    await api.call('POST', `/api/townships/${t.townshipId}/cards/${uid}/unblock`, { reason: '找到了' });
    expect(await atServer(uid)).toBe('active');
    // The slow till reports it lost again; stamped before both, it still stands.
    blockCard(slow.ctx, manager(), { uid, lost: true, reason: '又丢了' });
    await slow.sync.syncNow();
    expect(await atServer(uid)).toBe('lost');
    await fast.sync.syncNow();
    expect(cardView(fast.ctx, uid).status).toBe('lost');
  });

  test('a suspension from a slow till after an early lift stays in force', async () => {
    const onTime = await till('on-time-2', 0, server.clock);
    const slow = await till('slow-2', 1, { now: () => server.clock.now() - SLOW_MS });
    const h = t.households[1]!;
    const cadre: Actor = { id: cadreId, name: '村干部', role: 'cadre' };

    suspendHousehold(onTime.ctx, manager(), { householdId: h.id, months: 3, reason: '黑榜' });
    liftSuspension(onTime.ctx, cadre, manager(), { householdId: h.id, reason: '已整改' });
    expect(cardView(onTime.ctx, h.cardUid).household?.status).toBe('active');
    await onTime.sync.syncNow();
    await slow.sync.syncNow();
    // After the lift (in real time), the slow till black-lists the household again.
    suspendHousehold(slow.ctx, manager(), { householdId: h.id, months: 1, reason: '又上黑榜' });
    await slow.sync.syncNow();
    await onTime.sync.syncNow();
    expect(cardView(onTime.ctx, h.cardUid).household?.status).toBe('suspended');
    expect(cardView(slow.ctx, h.cardUid).household?.status).toBe('suspended');
  });
});
