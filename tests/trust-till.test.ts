import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLERKS } from '../main/demo/seed';
import { backupStore, checkPin, hashPin, restoreStore, TillStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { applyPull } from '../main/sync/apply-pull';
import { enrolOnline } from '../main/sync/enroll';
import { SyncSettings } from '../main/sync/settings';
import { createTillService, type TillService } from '../main/till/service';
import type { ApiName, ApiResponse } from '../src/api/contract';
import { businessDate, ManualClock } from '../src/clock';
import { newId } from '../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry } from '../src/journal';
import { keyFingerprint } from '../src/sync/setup-file';
import { type Postgres, startPostgres } from './support/postgres';
import { OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { seedTownship, type Township } from './support/township';

/**
 * Trust holes on the till (issue 11): the device key never travels in a backup, and a
 * backup restored elsewhere re-enrols; PIN hashes cost more; wrong PINs lock a clerk
 * out until a manager unlocks them.
 */
const NOW = Date.UTC(2031, 4, 6, 2);

describe.each(['sqlite', 'postgres'] as const)('device key out of backups (server on %s)', (dialect) => {
  let dir: string;
  let pgsql: Postgres | null = null;
  let server: ServerProcess;
  let api: OfficerApi;
  let t: Township;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-trust-till-'));
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pgsql = await startPostgres();
      databaseUrl = await pgsql.newDatabase();
    }
    server = await startServer({ dir, databaseUrl, nowMs: NOW });
    api = new OfficerApi(server.url);
    await api.login();
    t = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 2 });
  });

  afterAll(async () => {
    await server?.stop();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const join_ = async (store: TillStore) => {
    const { code } = await api.call<{ code: string }>('POST', `/api/shops/${t.shopIds[0]}/enrollment-codes`);
    const health = (await (await fetch(`${server.url}/health`)).json()) as { serverPublicKey: string };
    return enrolOnline(store, server.clock, {
      serverUrl: server.url,
      code,
      fingerprint: keyFingerprint(health.serverPublicKey),
      name: '一号收银机',
    });
  };
  const serverDevice = async (id: string) =>
    (
      await api.call<{ id: string; status: string; previousDeviceId: string | null }[]>(
        'GET',
        `/api/townships/${t.townshipId}/devices`,
      )
    ).find((d) => d.id === id);

  test('the private key is in no backup; a backup restored on another machine cannot sign and re-enrols', async () => {
    const file = join(dir, `till-${dialect}.db`);
    const store = new TillStore(file, { clock: server.clock });
    await join_(store);
    const sync = new SyncClient({ store, clock: server.clock });
    expect((await sync.syncNow()).state).toBe('idle');
    const settings = new SyncSettings(store);
    const privateKey = settings.enrolment!.privateKey;
    const oldId = store.deviceId;

    const backup = join(dir, `backup-${dialect}.db`);
    await backupStore(store, backup);
    store.close();
    const bytes = readFileSync(backup);
    expect(bytes.includes(Buffer.from(privateKey))).toBe(false);
    expect(bytes.includes(Buffer.from(privateKey.slice(20, 60)))).toBe(false);
    // The key lives beside the database, readable by the till's user only.
    expect(statSync(`${file}.device-key`).mode & 0o077).toBe(0);

    // A thief (or a replacement PC) restores the backup somewhere else.
    const elsewhere = join(dir, `elsewhere-${dialect}.db`);
    const restored = restoreStore(backup, elsewhere);
    expect(existsSync(`${elsewhere}.device-key`)).toBe(false);
    const copy = new TillStore(elsewhere, { clock: server.clock });
    try {
      const copySettings = new SyncSettings(copy);
      expect(copySettings.enrolment).toBeNull();
      expect(copySettings.keylessDeviceId).toBe(oldId);
      const copySync = new SyncClient({ store: copy, clock: server.clock });
      expect((await copySync.syncNow()).state).toBe('not-enrolled');
      // With an officer's code it re-enrols as the new epoch, linked to the old id.
      await join_(copy);
      expect(await serverDevice(oldId)).toMatchObject({ status: 'superseded' });
      expect(await serverDevice(restored.deviceId)).toMatchObject({
        status: 'active',
        previousDeviceId: oldId,
      });
      expect((await copySync.syncNow()).state).toBe('idle');
    } finally {
      copy.close();
    }
  });

  test('a backup restored on the same machine finds its key and continues as a new epoch', async () => {
    const file = join(dir, `same-${dialect}.db`);
    const store = new TillStore(file, { clock: server.clock });
    await join_(store);
    const oldId = store.deviceId;
    const backup = join(dir, `same-backup-${dialect}.db`);
    await backupStore(store, backup);
    store.close();
    const { deviceId } = restoreStore(backup, file);
    const again = new TillStore(file, { clock: server.clock });
    try {
      expect(new SyncSettings(again).enrolment?.deviceId).toBe(oldId);
      expect((await new SyncClient({ store: again, clock: server.clock }).syncNow()).state).toBe('idle');
      expect(await serverDevice(oldId)).toMatchObject({ status: 'superseded' });
      expect(await serverDevice(deviceId)).toMatchObject({ status: 'active', previousDeviceId: oldId });
    } finally {
      again.close();
    }
  });

  test('a key an older version kept in the database moves out of it on first use', async () => {
    const file = join(dir, `legacy-${dialect}.db`);
    const store = new TillStore(file, { clock: server.clock });
    try {
      await join_(store);
      const settings = new SyncSettings(store);
      const enrolment = settings.enrolment!;
      // What an older version stored: the key inside the settings row.
      store.setSetting('sync.enrolment', enrolment);
      rmSync(`${file}.device-key`);
      expect(new SyncSettings(store).enrolment?.privateKey).toBe(enrolment.privateKey);
      const row = store.db
        .prepare("SELECT value FROM settings WHERE key = 'sync.enrolment'")
        .pluck()
        .get() as string;
      expect(row).not.toContain(enrolment.privateKey);
      expect(readFileSync(`${file}.device-key`, 'utf8')).toContain(enrolment.privateKey);
    } finally {
      store.close();
    }
  });
});

describe('PIN cost and lockout with a manager unlock', () => {
  let dir: string;
  let till: TillService;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-trust-pin-'));
    till = await createTillService({ dataDir: dir, demo: true, sync: false, backups: false, clock });
  });

  afterAll(async () => {
    await till?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = <K extends ApiName>(name: K, params: unknown, token: string | null = null) =>
    till.call(name, params, token) as Promise<ApiResponse<K>>;
  const clerkId = async (name: string) => {
    const r = await call('session.clerks', {});
    if (!r.ok) throw new Error(r.error.en);
    return r.result.find((c) => c.name === name)!.id;
  };
  const pinOf = (name: string) => DEMO_CLERKS.find((c) => c.name === name)!.pin;

  test('new PIN hashes use scrypt N=2^16; older hashes still check; absurd costs are refused', async () => {
    const { hashPin } = await import('../main/store');
    const h = hashPin('2468');
    expect(h.split('$')[1]).toBe('65536');
    expect(checkPin('2468', h)).toBe(true);
    expect(checkPin('2467', h)).toBe(false);
    const store = new TillStore(join(dir, 'till.db'));
    try {
      const demoHash = store.db.prepare('SELECT pin_hash FROM clerks LIMIT 1').pluck().get() as string;
      expect(demoHash.startsWith('scrypt$')).toBe(true);
    } finally {
      store.close();
    }
    const [, , salt, key] = h.split('$');
    expect(checkPin('2468', `scrypt$${2 ** 30}$${salt}$${key}`)).toBe(false);
    expect(checkPin('2468', `scrypt$1000$${salt}$${key}`)).toBe(false);
  });

  test('ten wrong PINs lock a clerk until a manager unlocks them with their own PIN', async () => {
    const clerk = await clerkId('王秀兰');
    const manager = await clerkId('李建国');
    const cadre = await clerkId('陈书记');
    const login = (pin: string) => call('session.login', { clerkId: clerk, pin });
    for (let i = 0; i < 4; i++)
      expect(await login('0000')).toMatchObject({
        ok: false,
        error: { code: 'WRONG_PIN', details: { triesLeft: 4 - i } },
      });
    // The fifth wrong PIN waits five minutes, then each wrong PIN doubles the wait (decision 0310).
    const fifth = await login('0000');
    expect(fifth).toMatchObject({ ok: false, error: { code: 'WRONG_PIN', details: { minutes: 5 } } });
    if (!fifth.ok)
      expect(fifth.error.zh).toBe('密码不对。已连续错 5 次，请 5 分钟后再试（再错 5 次须店长解锁）');
    const short = await login(pinOf('王秀兰'));
    expect(short).toMatchObject({ ok: false, error: { code: 'CLERK_LOCKED', details: { minutes: 5 } } });
    let waited = 5;
    for (const minutes of [10, 20, 40, 80]) {
      clock.advance(waited * 60_000 + 1);
      expect(await login('0000')).toMatchObject({
        ok: false,
        error: { code: 'WRONG_PIN', details: { minutes } },
      });
      waited = minutes;
    }
    clock.advance(80 * 60_000 + 1);
    const hard = await login('0000');
    expect(hard).toMatchObject({
      ok: false,
      error: { code: 'CLERK_LOCKED', details: { managerUnlock: true } },
    });
    if (!hard.ok) expect(hard.error.zh).toContain('店长');
    // Waiting the short lockout out does not help any more.
    clock.advance(60 * 60_000);
    expect(await login(pinOf('王秀兰'))).toMatchObject({ ok: false, error: { code: 'CLERK_LOCKED' } });

    // Not a manager, a wrong manager PIN, or a manager unlocking themselves: refused.
    expect(
      await call('session.unlock', { clerkId: clerk, managerId: cadre, managerPin: pinOf('陈书记') }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      await call('session.unlock', { clerkId: clerk, managerId: manager, managerPin: '0000' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PIN' },
    });
    expect(
      await call('session.unlock', { clerkId: manager, managerId: manager, managerPin: pinOf('李建国') }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      await call('session.unlock', { clerkId: 'nope', managerId: manager, managerPin: '8888' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });

    expect(
      await call('session.unlock', {
        clerkId: clerk,
        managerId: manager,
        managerPin: pinOf('李建国'),
        reason: '忘记密码',
      }),
    ).toMatchObject({ ok: true });
    expect(await login(pinOf('王秀兰'))).toMatchObject({ ok: true });

    // The unlock is journalled: who unlocked whom, why, and the wrong PINs counted (synced to the township).
    const store = new TillStore(join(dir, 'till.db'));
    try {
      const row = store
        .sql("SELECT clerk_id, body FROM journal WHERE kind = 'clerk.unlock' ORDER BY seq DESC LIMIT 1")
        .get() as { clerk_id: string; body: string };
      expect(row.clerk_id).toBe(manager);
      expect(JSON.parse(row.body)).toEqual({
        clerkId: clerk,
        reason: '忘记密码',
        failedAttempts: 10,
        paths: ['login'],
      });
    } finally {
      store.close();
    }
  });

  test('wrong PINs typed for the manager at the login do not stop the manager approving a void', async () => {
    const manager = await clerkId('李建国');
    const clerk = await clerkId('王秀兰');
    const loginAs = (pin: string) => call('session.login', { clerkId: manager, pin });
    for (let i = 0; i < 10; i++) {
      await loginAs('0000');
      clock.advance(3 * 3600_000);
    }
    expect(await loginAs(pinOf('李建国'))).toMatchObject({
      ok: false,
      error: { code: 'CLERK_LOCKED', details: { managerUnlock: true, path: 'login' } },
    });
    const session = await call('session.login', { clerkId: clerk, pin: pinOf('王秀兰') });
    const token = session.ok ? session.result.token : null;
    const voidWith = (managerId: string, managerPin: string) =>
      call(
        'sale.void',
        { saleId: '01900000-0000-7000-8000-000000000000', managerId, managerPin, reason: '退货' },
        token,
      );
    // A clerk cannot be tried on the approval path at all: refused before the PIN, nothing counted.
    expect(await voidWith(clerk, pinOf('王秀兰'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The manager's own PIN is accepted on the approval path (the sale is then looked up) ...
    expect(await voidWith(manager, pinOf('李建国'))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SALE' },
    });
    // ... and it lifted the lockout the wrong PINs at the login had caused.
    expect(await loginAs(pinOf('李建国'))).toMatchObject({ ok: true });
  });

  test("a township PIN reset pulled from the server lifts the clerk's lockout on this till", async () => {
    const clerk = await clerkId('赵强');
    for (let i = 0; i < 10; i++) {
      await call('session.login', { clerkId: clerk, pin: '0000' });
      clock.advance(3 * 3600_000);
    }
    expect(await call('session.login', { clerkId: clerk, pin: pinOf('赵强') })).toMatchObject({
      ok: false,
      error: { code: 'CLERK_LOCKED', details: { managerUnlock: true } },
    });
    // The officer gives 赵强 a new initial PIN in the console; the till pulls the entry.
    const store = new TillStore(join(dir, 'till.db'));
    try {
      const at = clock.now();
      const unhashed = {
        id: newId(clock),
        deviceId: newId(clock),
        seq: 1,
        at,
        businessDate: businessDate(at),
        clerkId: null,
        kind: 'clerk.pin',
        body: { clerkId: clerk, pinHash: hashPin('2468'), mustChangePin: true, reason: 'reset' },
        prevHash: GENESIS_HASH,
      } as Omit<JournalEntry, 'hash'>;
      const settings = new SyncSettings(store);
      applyPull(store, settings, {
        serverTime: at,
        cursor: settings.cursor + 1,
        more: false,
        masterVersion: settings.masterVersion,
        master: null,
        entries: [{ ...unhashed, hash: entryHash(unhashed) } as JournalEntry],
        overdrafts: [],
        lockedPeriods: [],
      });
    } finally {
      store.close();
    }
    // No longer locked: the new initial PIN is accepted and asks for the clerk's own.
    expect(await call('session.login', { clerkId: clerk, pin: '2468' })).toMatchObject({
      ok: false,
      error: { code: 'PIN_CHANGE_REQUIRED' },
    });
  });
});
