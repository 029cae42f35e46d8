import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWith } from '../main/sync/keys';
import { newId } from '../src/ids';
import { MAX_PUSH_BATCH } from '../src/sync/messages';
import { HEADER_SERVER_SIGNATURE, responseSigningString } from '../src/sync/signing';
import { type ProxiedTownship, startProxiedTownship } from './support/proxied-township';
import { pushedSeqs } from './support/tcp-proxy';
import { bodies, RawDevice } from './support/township';

/**
 * A village link that drops mid-push (issue 14, decision 0470): the server stored a batch
 * but the till never got the answer. The next sync asks the server's head (a signed read)
 * and pushes only what the server lacks. A real TCP proxy between a real till store and
 * SyncClient and a real server process on SQLite; the proxy reads every push body the
 * till sent, so the test counts entries sent twice.
 */
const NOW = Date.UTC(2027, 3, 12, 2, 0, 0);
let town: ProxiedTownship;

beforeAll(async () => {
  town = await startProxiedTownship({
    nowMs: NOW,
    size: { villages: 1, shopsPerVillage: 1, households: 3 },
    dirPrefix: 'jifen-resume-',
  });
});
afterAll(() => town?.close());

describe('push resumes after a dropped connection', () => {
  it('sends no stored entry twice once the answer to a stored batch is lost', async () => {
    const { proxy } = town;
    const { store, sync } = await town.till('村口收银机', 0, 'proxy', { batchSize: 40 });
    town.appendAwards(store, 120);

    // Batches of 40: the first is answered; the second is stored, then the link drops.
    let pushes = 0;
    proxy.dropAnswer((r) => r.path === '/sync/push' && ++pushes === 2);
    expect((await sync.syncNow()).state).toBe('offline');
    expect(proxy.dropped()).toBe(1);
    const serverDb = new Database(join(town.dir, 'server.db'), { readonly: true });
    const held = () =>
      serverDb
        .prepare(
          'SELECT count(*) AS n, count(DISTINCT seq) AS seqs, max(seq) AS top FROM entries WHERE device_id = ?',
        )
        .get(store.deviceId) as { n: number; seqs: number; top: number };
    try {
      expect(held()).toEqual({ n: 80, seqs: 80, top: 80 });
      expect(sync.status().pendingEntries).toBe(80);

      const before = proxy.requests.length;
      expect(await sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
      const resumed = proxy.requests.slice(before);
      expect(pushedSeqs(resumed)).toEqual(Array.from({ length: 40 }, (_, i) => 81 + i));
      // Over the whole run every entry went over the wire once, and the server holds each once.
      const sent = pushedSeqs(proxy.requests);
      expect(sent.length - new Set(sent).size).toBe(0);
      expect(held()).toEqual({ n: 120, seqs: 120, top: 120 });
      expect(resumed[0]?.path, 'the resume asks the head first').toBe('/sync/head');

      // With nothing in doubt the next sync asks no head: a plain push-then-pull.
      town.appendAwards(store, 1);
      const quiet = proxy.requests.length;
      expect((await sync.syncNow()).state).toBe('idle');
      expect(proxy.requests.slice(quiet).map((r) => r.path)).toEqual(['/sync/push', '/sync/pull']);
    } finally {
      serverDb.close();
    }
  });

  it('a till on a fast link pushes in batches that grow to what the server names, each entry once', async () => {
    const { proxy } = town;
    const { store, sync } = await town.till('大批量收银机', 0, 'proxy');
    town.appendAwards(store, 4500);
    const before = proxy.requests.length;
    expect(await sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    const pushes = proxy.requests.slice(before).filter((r) => r.path === '/sync/push');
    const sizes = pushes.map((r) => (r.body as { entries: unknown[] }).entries.length);
    // From 500, doubling after fast answers (one made ahead lags a step): past the 1000
    // of a server that names no limit, never past the 5000 this one names (decision 0452).
    expect(sizes.slice(0, 2)).toEqual([500, 500]);
    expect(Math.max(...sizes)).toBeGreaterThan(1000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_PUSH_BATCH);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(4500);
    expect(pushedSeqs(pushes)).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
    // Packed in brotli: the server named it among the codings it takes in an earlier answer (0498).
    expect(pushes.map((r) => r.contentEncoding)).toEqual(pushes.map(() => 'br'));
  });

  it('the server takes MAX_PUSH_BATCH entries in one push, names that limit, and refuses one more', async () => {
    const d = new RawDevice(town.server.url, town.t.shopIds[0]!, town.server.clock);
    await d.enroll(town.api);
    const entries = d.append(MAX_PUSH_BATCH + 1, (i) => bodies.award(town.t.households[i % 3]!.id, 100));
    const over = await d.post('/sync/push', { entries });
    expect(over.json.error?.details.reason).toBe('malformed');
    const res = await d.post('/sync/push', { entries: entries.slice(0, MAX_PUSH_BATCH) });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      stored: MAX_PUSH_BATCH,
      lastSeq: MAX_PUSH_BATCH,
      maxBatch: MAX_PUSH_BATCH,
    });
  });

  it('a push of MAX_PUSH_BATCH voids, then of as many unlocks, is stored whole', async () => {
    const d = new RawDevice(town.server.url, town.t.shopIds[0]!, town.server.clock);
    await d.enroll(town.api);
    const { t } = town;
    const line = {
      productId: t.productIds[0]!,
      name: '洗衣粉',
      qty: 1,
      unitPoints: 100,
      points: 100,
      unitCostFen: 50,
      isService: false,
    };
    const voids = d.append(MAX_PUSH_BATCH, (i) => ({
      kind: 'sale.void' as const,
      body: {
        saleId: newId(town.server.clock),
        householdId: t.households[i % 3]!.id,
        shopId: t.shopIds[0]!,
        reason: '退货',
        approvedBy: t.clerkId,
        lines: [line],
        totalPoints: 100,
        mode: 'void' as const,
      },
    }));
    const first = await d.post('/sync/push', { entries: voids });
    expect(first.status, first.text).toBe(200);
    const unlocks = d.append(MAX_PUSH_BATCH, () => ({
      kind: 'clerk.unlock' as const,
      body: { clerkId: t.clerkId, reason: '忘记密码', failedAttempts: 5, paths: ['login' as const] },
    }));
    const second = await d.post('/sync/push', { entries: unlocks });
    expect(second.status, second.text).toBe(200);
    expect(second.json).toMatchObject({ stored: MAX_PUSH_BATCH, lastSeq: 2 * MAX_PUSH_BATCH });
    const db = new Database(join(town.dir, 'server.db'), { readonly: true });
    try {
      const count = (sql: string) => db.prepare(sql).pluck().get(d.id) as number;
      expect(count('SELECT count(*) FROM sale_refunds WHERE device_id = ?')).toBe(MAX_PUSH_BATCH);
      expect(count(`SELECT count(*) FROM console_audit WHERE json_extract(details, '$.deviceId') = ?`)).toBe(
        MAX_PUSH_BATCH,
      );
    } finally {
      db.close();
    }
  });

  it('the head read is signed both ways and refuses a bad signature, a replay and a body', async () => {
    const d = new RawDevice(town.server.url, town.t.shopIds[0]!, town.server.clock);
    await d.enroll(town.api);
    const entries = d.append(3, (i) => bodies.award(town.t.households[i]!.id, 100));
    expect((await d.post('/sync/push', { entries })).status).toBe(200);
    const res = await d.post('/sync/head', {});
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ lastSeq: 3, lastHash: entries[2]!.hash });
    const sig = res.headers.get(HEADER_SERVER_SIGNATURE)!;
    expect(verifyWith(d.serverPublicKey, responseSigningString(res.text, res.nonce), sig)).toBe(true);
    const forged = await d.post('/sync/head', {}, { text: '{ }' });
    expect(forged.json.error?.details.reason).toBe('bad-signature');
    expect((await d.post('/sync/head', {}, { nonce: res.nonce })).json.error?.details.reason).toBe(
      'replayed',
    );
    expect((await d.post('/sync/head', { lastSeq: 9 })).json.error?.details.reason).toBe('malformed');
  });
});
