import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openStore, type TillStore } from '../main/store';
import { exportTillBundle, importServerBundle, SyncClient, SyncSettings } from '../main/sync';
import { commitSale, contextFor, receiveStock } from '../main/till';
import { type Clock, startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';
import type { ServerBundle } from '../src/sync/messages';
import { freePort, OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { type TcpProxy, tcpProxy } from './support/tcp-proxy';
import { seedTownship, type Township } from './support/township';

/**
 * Real tills (the lead's store and use cases on their own SQLite files) syncing with the
 * township server as a child process, with faults injected on the way.
 */
/** Half past midnight on New Year's Day in Shanghai, still 31 December in UTC. */
const NOW = startOfLocalDay('2027-01-01') + 30 * 60 * 1000;

let dir: string;
let server: ServerProcess;
let api: OfficerApi;
let t: Township;
const opened: TillStore[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jifen-sync-'));
  server = await startServer({ dir, nowMs: NOW });
  api = new OfficerApi(server.url);
  await api.login();
  t = await seedTownship(api, { villages: 2, shopsPerVillage: 2, households: 8 });
});

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Till {
  store: TillStore;
  sync: SyncClient;
  file: string;
}

async function newTill(shop: number, clock: Clock = server.clock, url = server.url): Promise<Till> {
  const file = join(dir, `till-${newId(server.clock)}.db`);
  const store = openStore(file, { clock });
  opened.push(store);
  const sync = new SyncClient({ store, clock, batchSize: 50 });
  const { code } = await api.call<{ code: string }>('POST', `/api/shops/${t.shopIds[shop]}/enrollment-codes`);
  await sync.enroll(url, code, `收银机 ${shop}`);
  expect((await sync.syncNow()).state).toBe('idle');
  return { store, sync, file };
}

const manager = () => ({ id: t.clerkId, name: '店员', role: 'manager' as const });
const stockUp = (till: Till, qty = 50) =>
  receiveStock(contextFor(till.store), manager(), {
    productId: t.productIds[0]!,
    qty,
    unitCostFen: 2000,
    donation: false,
    reference: '县供销社',
  });
const sell = (till: Till, household: number, qty = 1) =>
  commitSale(
    contextFor(till.store),
    manager(),
    {
      saleId: newId(server.clock),
      cardUid: t.households[household]!.cardUid,
      lines: [{ productId: t.productIds[0]!, qty }],
    },
    null,
  );
const award = (household: number, amount: number) =>
  api.call('POST', `/api/townships/${t.townshipId}/awards`, {
    householdId: t.households[household]!.id,
    amount,
    reason: '乡镇表彰',
  });
const serverDevice = async (id: string) =>
  (
    await api.call<{ id: string; lastSeq: number; status: string; previousDeviceId: string | null }[]>(
      'GET',
      `/api/townships/${t.townshipId}/devices`,
    )
  ).find((d) => d.id === id);
const serverBalances = () =>
  api.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`);

describe('two tills and a township server', () => {
  test('offline double spend: both sales stand, the server flags the overdraft, the next pull shows it', async () => {
    const a = await newTill(0);
    const b = await newTill(1);
    stockUp(a);
    stockUp(b);
    await award(0, 5000);
    await a.sync.syncNow();
    await b.sync.syncNow();
    const hh = t.households[0]!.id;
    expect(a.store.balance(hh)).toBe(5000);
    expect(b.store.balance(hh)).toBe(5000);

    // Both offline: each sells 30 points of the same 50.
    sell(a, 0);
    sell(b, 0);
    expect(a.sync.status().pendingEntries).toBe(1);
    expect((await a.sync.syncNow()).pendingEntries).toBe(0);
    expect((await b.sync.syncNow()).state).toBe('idle');
    await a.sync.syncNow();

    expect((await serverBalances())[hh]).toBe(-1000);
    expect(a.store.balance(hh)).toBe(-1000);
    expect(b.store.balance(hh)).toBe(-1000);
    const flagged = new SyncSettings(a.store).overdrafts.filter((o) => o.householdId === hh);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ deviceId: b.store.deviceId, balanceAfter: -1000 });
    expect(new SyncSettings(b.store).overdrafts.some((o) => o.householdId === hh)).toBe(true);
    expect((await b.sync.syncNow()).message?.zh).toContain('透支待乡镇审核');
  });

  test('a card block at the township reaches every till on its next pull', async () => {
    const a = await newTill(2);
    const uid = t.households[1]!.cardUid;
    await api.call('POST', `/api/townships/${t.townshipId}/cards/${uid}/lost`, { reason: '村民报失' });
    await a.sync.syncNow();
    expect(a.store.sql('SELECT status FROM card_state WHERE uid = ?').pluck().get(uid)).toBe('lost');
  });

  test('no server: the till keeps trading, says offline and counts what waits', async () => {
    const a = await newTill(0);
    stockUp(a);
    new SyncSettings(a.store).enrolment = {
      ...new SyncSettings(a.store).enrolment!,
      serverUrl: 'http://127.0.0.1:9',
    };
    const s = await a.sync.syncNow();
    expect(s.state).toBe('offline');
    expect(s.message?.zh).toContain('离线');
    expect(s.pendingEntries).toBe(1);
  });

  test('background sync backs off while the server is unreachable and catches up once it is back', async () => {
    const port = await freePort();
    const a = await newTill(0);
    const settings = new SyncSettings(a.store);
    settings.enrolment = { ...settings.enrolment!, serverUrl: `http://127.0.0.1:${port}` };
    stockUp(a);
    const sync = new SyncClient({
      store: a.store,
      clock: server.clock,
      intervalMs: 60_000,
      minBackoffMs: 20,
      maxBackoffMs: 200,
    });
    let offline = 0;
    let proxy: TcpProxy | null = null;
    const caughtUp = new Promise<void>((resolve) =>
      sync.onStatus((s) => {
        if (s.state === 'offline' && ++offline === 3)
          void tcpProxy(server.url, undefined, port).then((p) => (proxy = p));
        if (s.state === 'idle') resolve();
      }),
    );
    sync.start();
    try {
      await caughtUp;
    } finally {
      await sync.stop();
      await (proxy as TcpProxy | null)?.close();
    }
    expect(offline).toBeGreaterThanOrEqual(3);
    expect(sync.status()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    expect((await serverDevice(a.store.deviceId))?.lastSeq).toBe(1);
  });

  test('answer lost after the server committed: the retry stores nothing twice', async () => {
    const proxy = await tcpProxy(server.url);
    try {
      const a = await newTill(0, server.clock, proxy.url);
      for (let i = 0; i < 3; i++) stockUp(a, 10);
      proxy.dropAnswer((r) => r.path === '/sync/push');
      expect((await a.sync.syncNow()).state).toBe('offline');
      expect((await serverDevice(a.store.deviceId))?.lastSeq).toBe(3);
      expect(a.sync.status().pendingEntries).toBe(3);
      const s = await a.sync.syncNow();
      expect(s).toMatchObject({ state: 'idle', pendingEntries: 0 });
      expect((await serverDevice(a.store.deviceId))?.lastSeq).toBe(3);
    } finally {
      await proxy.close();
    }
  });

  test('clock skew: a till two hours fast learns the server time and syncs; entries keep their till times', async () => {
    const fast = { now: () => server.clock.now() + 2 * 60 * 60 * 1000 };
    const a = await newTill(1, fast);
    stockUp(a);
    expect((await a.sync.syncNow()).state).toBe('idle');
    const offset = new SyncSettings(a.store).clockOffsetMs;
    expect(offset).toBeLessThan(-2 * 60 * 60 * 1000 + 60_000);
    expect(offset).toBeGreaterThan(-2 * 60 * 60 * 1000 - 60_000);
    const seen = (
      await api.call<{ id: string; lastSeq: number; lastClockSkewMs: number }[]>(
        'GET',
        `/api/townships/${t.townshipId}/devices`,
      )
    ).find((d) => d.id === a.store.deviceId);
    expect(seen?.lastSeq).toBe(1);
    // The officer's device list shows the till's real skew, not the corrected one.
    expect(Math.round(Number(seen?.lastClockSkewMs) / 60_000)).toBe(120);
  });

  test('sync bundle on a USB stick: export, import at the township twice, master data back; nothing doubles', async () => {
    const a = await newTill(3);
    stockUp(a);
    await award(2, 800);
    const tillFile = join(dir, 'till-bundle.json');
    expect(exportTillBundle(a.store, server.clock, tillFile)).toEqual({ entries: 1 });
    const body = JSON.parse((await import('node:fs')).readFileSync(tillFile, 'utf8'));
    const first = await api.call<ServerBundle>('POST', '/api/bundles', body);
    expect(first.imported).toMatchObject({ stored: 1, duplicates: 0, lastSeq: 1 });
    const second = await api.call<ServerBundle>('POST', '/api/bundles', body);
    expect(second.imported).toMatchObject({ stored: 0, duplicates: 1, lastSeq: 1 });
    const serverFile = join(dir, 'server-bundle.json');
    writeFileSync(serverFile, JSON.stringify(second));
    importServerBundle(a.store, serverFile);
    importServerBundle(a.store, serverFile);
    expect(a.store.balance(t.households[2]!.id)).toBe(800);
    expect(a.sync.status().pendingEntries).toBe(0);
    const forged = { ...second, pull: { ...second.pull, entries: [] } };
    writeFileSync(serverFile, JSON.stringify(forged));
    expect(() => importServerBundle(a.store, serverFile)).toThrow(/bundle/);
    const tampered = { ...body, entries: [] };
    const refused = await api.raw('POST', '/api/bundles', tampered);
    expect(refused.status).toBe(400);
  });
});

describe('crashes', () => {
  test('server SIGKILLed mid-batch and restarted: the till resends, every entry is stored once', async () => {
    const a = await newTill(0);
    for (let i = 0; i < 120; i++) stockUp(a, 1);
    await server.restart({ JIFEN_FAULT_INGEST_DELAY_MS: '5000' });
    const holding = server.waitFor('fault: ingest holding');
    const syncing = a.sync.syncNow();
    await holding;
    await server.kill('SIGKILL');
    expect((await syncing).state).toBe('offline');
    await server.restart();
    expect(await a.sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    expect((await serverDevice(a.store.deviceId))?.lastSeq).toBe(120);
    const report = await api.call<{ report: { stock: { shopId: string; qty: number }[] } }>(
      'GET',
      `/api/townships/${t.townshipId}/periods/${a.store.businessDate().slice(0, 7)}/report.json`,
    );
    expect(report.report.stock.find((s) => s.shopId === t.shopIds[0])?.qty).toBe(
      a.store.sql('SELECT SUM(qty) FROM stock_moves WHERE shop_id = ?').pluck().get(t.shopIds[0]),
    );
  });

  test('till killed mid-sync: after restart it syncs again with no loss and no duplicate', async () => {
    const a = await newTill(1);
    for (let i = 0; i < 60; i++) stockUp(a, 1);
    const file = a.file;
    a.store.close();
    await server.restart({ JIFEN_FAULT_INGEST_DELAY_MS: '1500' });
    // .mts: the script lives outside the package, and must still load as ESM.
    const script = join(dir, 'till-sync.mts');
    writeFileSync(
      script,
      `import { openStore } from ${JSON.stringify(join(import.meta.dirname, '..', 'main', 'store', 'index.ts'))};
import { SyncClient } from ${JSON.stringify(join(import.meta.dirname, '..', 'main', 'sync', 'index.ts'))};
import { processClock } from ${JSON.stringify(join(import.meta.dirname, '..', 'src', 'clock.ts'))};
const clock = processClock(process.env.JIFEN_TEST_NOW_MS);
const store = openStore(${JSON.stringify(file)}, { clock });
await new SyncClient({ store, clock, batchSize: 20 }).syncNow();`,
    );
    const holding = server.waitFor('fault: ingest holding');
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, JIFEN_TEST_NOW_MS: String(server.clock.now()) },
      stdio: 'ignore',
      cwd: join(import.meta.dirname, '..'),
    });
    const exited = new Promise((r) => child.once('exit', r));
    await Promise.race([
      holding,
      exited.then(() => Promise.reject(new Error('till exited before the push reached the server'))),
    ]);
    child.kill('SIGKILL');
    await exited;
    await server.restart();
    const store = openStore(file, { clock: server.clock });
    opened.push(store);
    const sync = new SyncClient({ store, clock: server.clock, batchSize: 20 });
    expect(await sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    expect((await serverDevice(store.deviceId))?.lastSeq).toBe(60);
  });

  test('restore from backup starts a new epoch linked to the old device, even when an answer is lost', async () => {
    const { backupStore, restoreStore } = await import('../main/store');
    const a = await newTill(2);
    stockUp(a, 5);
    await a.sync.syncNow();
    const backup = join(dir, 'backup.db');
    await backupStore(a.store, backup);
    const oldId = a.store.deviceId;
    a.store.close();
    const { deviceId } = restoreStore(backup, a.file);
    const store = openStore(a.file, { clock: server.clock });
    opened.push(store);
    stockUp({ store, sync: a.sync, file: a.file }, 3);
    // The answer to the epoch request is lost once: the retry must ask the same again.
    const proxy = await tcpProxy(server.url);
    const settings = new SyncSettings(store);
    settings.enrolment = { ...settings.enrolment!, serverUrl: proxy.url };
    const sync = new SyncClient({ store, clock: server.clock });
    proxy.dropAnswer((r) => r.path === '/sync/epoch');
    try {
      expect((await sync.syncNow()).state).toBe('offline');
      expect(await sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    } finally {
      await proxy.close();
    }
    expect(await serverDevice(oldId)).toMatchObject({ status: 'superseded', lastSeq: 1 });
    expect(await serverDevice(deviceId)).toMatchObject({
      status: 'active',
      previousDeviceId: oldId,
      lastSeq: 1,
    });
  });
});
