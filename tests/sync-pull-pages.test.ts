import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type TillStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { createTillService } from '../main/till/service';
import { openServerDb } from '../server/db/connect';
import { buildPull, buildPullText } from '../server/sync/pull';
import { type ProxiedTownship, startProxiedTownship } from './support/proxied-township';
import type { SeenRequest } from './support/tcp-proxy';
import { bodies } from './support/township';

/**
 * A pull in pages (issue 14, decision 0495): the till asks for page n+1 while it applies
 * page n, yet each page is applied whole with its cursor in one transaction. A real TCP
 * proxy between a real till store and a real server process on SQLite cuts the answer to
 * one page; the till keeps every page before it, none of the cut one, and the next sync
 * asks from the stored cursor and applies each entry once.
 */
const NOW = Date.UTC(2027, 4, 20, 2, 0, 0);
let town: ProxiedTownship;

beforeAll(async () => {
  town = await startProxiedTownship({
    nowMs: NOW,
    size: { villages: 1, shopsPerVillage: 2, households: 3 },
    dirPrefix: 'jifen-pull-pages-',
  });
});
afterAll(() => town?.close());

const cursorOf = (r: SeenRequest | undefined) => (r?.body as { cursor?: number } | undefined)?.cursor;

describe('pull in pages', () => {
  it('keeps the pages before a cut answer whole, none of the cut one, and resumes from its cursor', async () => {
    const { proxy } = town;
    const a = await town.till('till-a', 0, 'server', { pullPage: 40 });
    const b = await town.till('till-b', 1, 'proxy', { pullPage: 40 });
    const households = town.t.households.map((h) => h.id);
    town.appendAwards(a.store, 130);
    expect((await a.sync.syncNow()).state).toBe('idle');

    const fromA = () =>
      b.store
        .sql(
          'SELECT count(*) AS n, count(DISTINCT seq) AS seqs, max(seq) AS top FROM foreign_entries WHERE device_id = ?',
        )
        .get(a.store.deviceId) as { n: number; seqs: number; top: number | null };
    const balances = (s: TillStore) => households.map((h) => s.balance(h));
    const before = balances(b.store);
    const cursorBefore = b.store.getSetting<number>('sync.cursor');

    // Pages of 40: the first is answered and applied; the answer to the second is cut.
    let pulls = 0;
    proxy.dropAnswer((r) => r.path === '/sync/pull' && ++pulls === 2);
    const seen = proxy.requests.length;
    expect((await b.sync.syncNow()).state).toBe('offline');
    expect(proxy.dropped()).toBe(1);
    expect(fromA()).toEqual({ n: 40, seqs: 40, top: 40 });
    // The balances hold exactly the first page's awards: amounts 100..139 over the households.
    const firstPage = [0, 1, 2].map((k) =>
      Array.from({ length: 40 }, (_, i) => i).reduce((sum, i) => sum + (i % 3 === k ? 100 + i : 0), 0),
    );
    expect(balances(b.store)).toEqual(before.map((v, k) => v + firstPage[k]!));
    const cursorAfterCut = b.store.getSetting<number>('sync.cursor')!;
    expect(cursorAfterCut).toBeGreaterThan(cursorBefore ?? 0);
    // The second page was asked for from the cursor the first page stored.
    const asked = proxy.requests.slice(seen).map(cursorOf);
    expect(asked.slice(0, 2)).toEqual([cursorBefore ?? 0, cursorAfterCut]);
    // The till asks for its pages in brotli, the server's cheaper packing (decision 0498;
    // sync-wire.test.ts holds the server to answering so).
    expect(new Set(proxy.requests.slice(seen).map((r) => r.acceptEncoding))).toEqual(new Set(['br, gzip']));

    const resumedFrom = proxy.requests.length;
    expect((await b.sync.syncNow()).state).toBe('idle');
    expect(cursorOf(proxy.requests[resumedFrom])).toBe(cursorAfterCut);
    expect(fromA()).toEqual({ n: 130, seqs: 130, top: 130 });
    // Every entry once, and the same balances the writing till holds.
    expect(balances(b.store)).toEqual(balances(a.store));
  });

  it('refuses a page with an entry that fails its hash, checked on the worker thread, and stores none of it', async () => {
    const c = await town.till('till-c', 0, 'server', { pullPage: 40 });
    // A fresh till that pulls in pages of 40; every page after a pull's first is checked on the worker.
    const d = await town.till('till-d', 1, 'server', { pullPage: 40 });
    town.appendAwards(c.store, 130);
    expect((await c.sync.syncNow()).state).toBe('idle');
    // The township's stored copy of c's entry 100 is changed after its push: the server signs what it holds.
    const db = await openServerDb({ sqliteFile: join(town.dir, 'server.db') });
    const moveAt = (by: number) =>
      db.db
        .updateTable('entries')
        .set((eb) => ({ at: eb('at', '+', by) }))
        .where('deviceId', '=', c.store.deviceId)
        .where('seq', '=', 100)
        .execute();
    const fromC = (t: TillStore) =>
      t
        .sql('SELECT count(*) AS n, max(seq) AS top FROM foreign_entries WHERE device_id = ?')
        .get(c.store.deviceId) as { n: number; top: number | null };
    try {
      await moveAt(1);
      const refused = await d.sync.syncNow();
      expect(refused.state).toBe('error');
      expect(refused.message?.zh).toMatch(/^外来记录校验失败：/);
      expect(refused.message?.en).toMatch(/^Foreign entry fails its hash: /);
      // Every page before the refused one is whole, and none of the refused one: c's entry 100 is
      // in it with 40 of its neighbours at most, so c's stored entries end between 60 and 99.
      const kept = fromC(d.store);
      expect(kept.n).toBe(kept.top ?? 0);
      expect(kept.n).toBeGreaterThanOrEqual(60);
      expect(kept.n).toBeLessThan(100);
      const cursor = d.store.getSetting<number>('sync.cursor');
      expect((await d.sync.syncNow()).state).toBe('error');
      expect(fromC(d.store)).toEqual(kept);
      expect(d.store.getSetting<number>('sync.cursor')).toBe(cursor);
      // With the township's copy put right, the same till takes the rest once.
      await moveAt(-1);
      expect((await d.sync.syncNow()).state).toBe('idle');
      expect(fromC(d.store)).toEqual({ n: 130, top: 130 });
    } finally {
      await db.close();
    }
  });

  it('a till killed while pulled pages are held open loses them with their cursor, and the next sync takes them once', async () => {
    const writer = await town.till('till-f', 0, 'server');
    const e = await town.till('till-e', 1, 'server', { pullPage: 40 });
    const households = town.t.households.map((h) => h.id);
    const balances = (s: TillStore) => households.map((h) => s.balance(h));
    const before = balances(e.store);
    town.appendAwards(writer.store, 130);
    expect((await writer.sync.syncNow()).state).toBe('idle');
    const file = join(town.dir, 'till-e.db');
    e.store.close();
    // The till pulls its four pages of 40 in another process, killed the moment its third is applied.
    const script = join(town.dir, 'till-pull-killed.mts');
    const src = (p: string) => JSON.stringify(join(import.meta.dirname, '..', p));
    writeFileSync(
      script,
      `import { openStore } from ${src('main/store/index.ts')};
import { SyncClient } from ${src('main/sync/index.ts')};
import { processClock } from ${src('src/clock.ts')};
const clock = processClock(process.env.JIFEN_TEST_NOW_MS);
const store = openStore(${JSON.stringify(file)}, { clock });
let pages = 0;
const holdOpen = store.holdOpen.bind(store);
store.holdOpen = (fn) => {
  const applied = holdOpen(fn);
  if (++pages === 3) process.kill(process.pid, 'SIGKILL');
  return applied;
};
await new SyncClient({ store, clock, pullPage: 40 }).syncNow();`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, JIFEN_TEST_NOW_MS: String(town.server.clock.now()) },
      stdio: 'ignore',
      cwd: join(import.meta.dirname, '..'),
    });
    const signal = await new Promise((r) => child.once('exit', (_code, sig) => r(sig)));
    expect(signal).toBe('SIGKILL');

    const store = openStore(file, { clock: town.server.clock });
    town.stores.push(store);
    const fromWriter = () =>
      store
        .sql('SELECT count(*) AS n, max(seq) AS top FROM foreign_entries WHERE device_id = ?')
        .get(writer.store.deviceId) as { n: number; top: number | null };
    // The third page was held, not committed, when the till died: what the file holds is whole
    // pages with the balances of exactly their awards (amounts 100.. over the three households).
    const kept = fromWriter();
    expect([0, 40, 80]).toContain(kept.n);
    expect(kept.top ?? 0).toBe(kept.n);
    const awarded = [0, 1, 2].map((k) =>
      Array.from({ length: kept.n }, (_, i) => i).reduce((sum, i) => sum + (i % 3 === k ? 100 + i : 0), 0),
    );
    expect(balances(store)).toEqual(before.map((v, k) => v + awarded[k]!));
    // The stored cursor went back with the held pages: the next sync takes the rest, each once.
    const sync = new SyncClient({ store, clock: town.server.clock, pullPage: 40 });
    expect((await sync.syncNow()).state).toBe('idle');
    expect(fromWriter()).toEqual({ n: 130, top: 130 });
    expect(balances(store)).toEqual(balances(writer.store));
  });

  it('a pull whose held pages SQLite rolls back (a full database) says they were not stored, keeps the cursor, and the next sync takes them once (0457)', async () => {
    const writer = await town.till('till-n', 0, 'server');
    // Pages of one entry: each row is a one-row insert, and SQLite answers SQLITE_FULL in a
    // one-row statement by rolling back the whole transaction, not the statement alone.
    const t = await town.till('till-o', 1, 'server', { pullPage: 1 });
    const households = town.t.households.map((x) => x.id);
    const balances = (s: TillStore) => households.map((id) => s.balance(id));
    town.appendAwards(writer.store, 130);
    expect((await writer.sync.syncNow()).state).toBe('idle');
    const reader = new Database(join(town.dir, 'till-o.db'), { readonly: true });
    const committed = () => ({
      entries: reader
        .prepare('SELECT count(*) FROM foreign_entries WHERE device_id = ?')
        .pluck()
        .get(writer.store.deviceId) as number,
      cursor: reader.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get(),
      balances: households.map(
        (id) => reader.prepare('SELECT balance FROM balances WHERE household_id = ?').pluck().get(id) ?? 0,
      ),
    });
    try {
      const cursorBefore = t.store.getSetting<number>('sync.cursor');
      const lastSyncBefore = t.sync.status().lastSyncAt;
      const balancesBefore = balances(t.store);
      // What was committed when the hold that failed was opened, and how many pages it held then.
      let atHoldOpen = committed();
      let inHold = 0;
      let heldWhenFailed = -1;
      let full = false;
      const room = (pages: number | string) => t.store.db.pragma(`max_page_count = ${pages}`);
      const holdOpen = t.store.holdOpen.bind(t.store);
      t.store.holdOpen = (fn) => {
        if (!t.store.holdsOpen) {
          atHoldOpen = committed();
          inHold = 0;
        }
        try {
          const applied = holdOpen(() => {
            const r = fn();
            // Once a page is held before this one, the file may not grow any more (set inside
            // the hold, where the store's db leaves it held).
            if (!full && inHold > 0 && t.store.holdsOpen) {
              full = true;
              room(t.store.db.pragma('page_count', { simple: true }) as number);
            }
            return r;
          });
          inHold++;
          return applied;
        } catch (e) {
          heldWhenFailed = inHold;
          throw e;
        }
      };

      const failed = await t.sync.syncNow();
      expect(failed.state).toBe('error');
      expect(failed.message?.zh).toMatch(/^拉取的数据未保存：整个事务已回滚（database or disk is full）/);
      expect(failed.message?.en).toMatch(
        /^Pulled pages were not stored: the whole transaction was rolled back/,
      );
      expect(failed.lastSyncAt).toBe(lastSyncBefore);
      expect(full).toBe(true);
      expect(heldWhenFailed).toBeGreaterThan(0);
      // Nothing of the hold is stored, its cursor went back with it: the till holds what was
      // committed before that hold opened (whole pages, if the link was slow enough for the
      // pull to commit one), and reads it so itself.
      const kept = committed();
      expect(kept).toEqual(atHoldOpen);
      expect(t.store.getSetting<number>('sync.cursor')).toBe(Number(kept.cursor));
      if (kept.entries === 0) expect(Number(kept.cursor)).toBe(cursorBefore);
      const awarded = [0, 1, 2].map((k) =>
        Array.from({ length: kept.entries }, (_, i) => i).reduce(
          (sum, i) => sum + (i % 3 === k ? 100 + i : 0),
          0,
        ),
      );
      expect(kept.balances).toEqual(balancesBefore.map((v, k) => v + awarded[k]!));
      expect(balances(t.store)).toEqual(kept.balances);
      expect(t.store.holdsOpen).toBe(false);

      // The cause gone, the next sync asks from the stored cursor and takes every entry once.
      room(1073741823);
      expect((await t.sync.syncNow()).state).toBe('idle');
      expect(committed().entries).toBe(130);
      expect(balances(t.store)).toEqual(balances(writer.store));
    } finally {
      reader.close();
    }
  });

  it('a sale at the counter during a pull is committed on its own at once, and the pull still takes every entry once', async () => {
    const writer = await town.till('till-g', 0, 'server');
    const h = await town.till('till-h', 1, 'server', { pullPage: 40 });
    const households = town.t.households.map((x) => x.id);
    const balances = (s: TillStore) => households.map((id) => s.balance(id));
    town.appendAwards(writer.store, 130);
    expect((await writer.sync.syncNow()).state).toBe('idle');
    const reader = new Database(join(town.dir, 'till-h.db'), { readonly: true });
    const committedOwn = reader.prepare('SELECT count(*) FROM journal WHERE id = ?').pluck();
    // An award at the counter at every turn of the event loop while the pull runs; each is
    // committed, for another connection to see, when its append returns.
    let sales = 0;
    let notCommitted = 0;
    let pulling = true;
    const counter = () => {
      if (!pulling) return;
      const b = bodies.award(households[0]!, 1, town.t.ruleIds[0]!);
      const e = h.store.append({ ...h.store.header(town.t.clerkId), ...b } as Parameters<
        TillStore['append']
      >[0]);
      if (committedOwn.get(e.id) !== 1) notCommitted++;
      sales++;
      setImmediate(counter);
    };
    try {
      setImmediate(counter);
      const pulled = await h.sync.syncNow();
      pulling = false;
      expect(pulled.state).toBe('idle');
      expect(sales).toBeGreaterThan(0);
      expect(notCommitted).toBe(0);
    } finally {
      pulling = false;
      reader.close();
    }
    expect(
      h.store
        .sql('SELECT count(*) AS n, count(DISTINCT seq) AS seqs FROM foreign_entries WHERE device_id = ?')
        .get(writer.store.deviceId),
    ).toEqual({ n: 130, seqs: 130 });
    const expected = balances(writer.store);
    expected[0]! += sales;
    expect(balances(h.store)).toEqual(expected);
  });

  it('holds no pulled page while the counter is in use, so a sale waits for one page at most; a quiet counter gets the hold', async () => {
    const writer = await town.till('till-i', 0, 'server');
    const busy = await town.till('till-j', 1, 'server', { pullPage: 40 });
    const quiet = await town.till('till-k', 1, 'server', { pullPage: 40 });
    town.appendAwards(writer.store, 130);
    expect((await writer.sync.syncNow()).state).toBe('idle');
    // As the till service does on a card tap or a clerk's call.
    busy.store.noteCounterUse();
    const heldTurns = async (t: { store: TillStore; sync: SyncClient }) => {
      let held = 0;
      let pulling = true;
      const look = () => {
        if (!pulling) return;
        if (t.store.holdsOpen) held++;
        setImmediate(look);
      };
      setImmediate(look);
      const pulled = await t.sync.syncNow();
      pulling = false;
      expect(pulled.state).toBe('idle');
      const fromWriter = t.store.sql('SELECT count(*) FROM foreign_entries WHERE device_id = ?').pluck();
      expect(fromWriter.get(writer.store.deviceId)).toBe(130);
      return held;
    };
    expect(await heldTurns(busy)).toBe(0);
    expect(await heldTurns(quiet)).toBeGreaterThan(0);
  });

  it("holds pulled pages on a quiet till while its screen polls the heartbeat: the heartbeat's read commits nothing (0472)", async () => {
    const writer = await town.till('till-l', 0, 'server');
    const enrolled = await town.till('till-m', 1, 'server');
    town.appendAwards(writer.store, 130);
    expect((await writer.sync.syncNow()).state).toBe('idle');
    // The enrolled till's file, opened by the till service as the app does, with the screen's heartbeat on it.
    enrolled.store.close();
    const dataDir = join(town.dir, 'till-m-service');
    mkdirSync(dataDir);
    for (const file of ['till.db', 'till.db.device-key'])
      renameSync(join(town.dir, file.replace('till', 'till-m')), join(dataDir, file));
    const till = await createTillService({
      dataDir,
      demo: false,
      sync: false,
      backups: false,
      printer: null,
      clock: town.server.clock,
    });
    try {
      const sync = new SyncClient({ store: till.store, clock: town.server.clock, pullPage: 40 });
      let beats = 0;
      let heldAfterBeat = 0;
      let pulling = true;
      const heartbeat = async () => {
        if (!pulling) return;
        const r = await till.call('status.get', {}, null);
        expect(r.ok).toBe(true);
        beats++;
        if (till.store.holdsOpen) heldAfterBeat++;
        setImmediate(heartbeat);
      };
      setImmediate(heartbeat);
      const pulled = await sync.syncNow();
      pulling = false;
      expect(pulled.state).toBe('idle');
      expect(beats).toBeGreaterThan(0);
      expect(heldAfterBeat).toBeGreaterThan(0);
      const fromWriter = till.store.sql('SELECT count(*) FROM foreign_entries WHERE device_id = ?').pluck();
      expect(fromWriter.get(writer.store.deviceId)).toBe(130);
    } finally {
      await till.close();
    }
  });

  it('the pull as written text parses to exactly the answer as an object, master data and bodies included', async () => {
    const db = await openServerDb({ sqliteFile: join(town.dir, 'server.db') });
    try {
      const device = await db.db
        .selectFrom('devices')
        .select(['id', 'townshipId', 'shopId'])
        .where('status', '=', 'active')
        .where('shopId', '=', town.t.shopIds[1]!)
        .executeTakeFirstOrThrow();
      const sign = (t: string) => `signed:${t.length}`;
      for (const req of [
        { cursor: 0, masterVersion: 0, masterCursor: null, limit: 2000 },
        { cursor: 3, masterVersion: 10_000, masterCursor: null, limit: 25 },
      ]) {
        const text = await buildPullText(db.db, device, req, NOW, sign);
        const object = await buildPull(db.db, device, req, NOW, undefined, sign);
        expect(object.entries.length).toBeGreaterThan(0);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(object)));
      }
    } finally {
      await db.close();
    }
  });
});
