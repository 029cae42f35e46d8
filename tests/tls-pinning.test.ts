import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore, type TillStore } from '../main/store';
import { SyncClient, SyncSettings } from '../main/sync';
import { enrolOnline } from '../main/sync/enroll';
import { pinnedRequest } from '../main/sync/pinned-request';
import { ManualClock, startOfLocalDay } from '../src/clock';
import { OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { seedTownship, type Township } from './support/township';

/**
 * A till and a township server over HTTPS with the server's own self-signed certificate,
 * as `npm run server` serves by default: the till pins the certificate the enrolment QR
 * names, refuses any other before sending a byte, and syncs through the pinned socket.
 */
const NOW = startOfLocalDay('2027-03-10') + 10 * 60 * 60 * 1000;

/** The officer API over the pinned socket (Node's fetch would refuse the self-signed certificate). */
class PinnedOfficerApi extends OfficerApi {
  constructor(
    url: string,
    private readonly pin: string,
  ) {
    super(url);
  }
  override raw(method: string, path: string, body?: unknown): Promise<Response> {
    return pinnedRequest(new URL(path, this.url), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 10_000,
      tlsFingerprint: this.pin,
    });
  }
}

describe('a till and a township server over HTTPS with a self-signed certificate', () => {
  let dir: string;
  let server: ServerProcess;
  let url: string;
  let tls: string;
  let keyFingerprint: string;
  let api: PinnedOfficerApi;
  let t: Township;
  const stores: TillStore[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-tls-'));
    server = await startServer({ dir, nowMs: NOW, env: { JIFEN_TLS: '' } });
    tls = /TLS certificate SHA-256: ([0-9A-F:]{95})/.exec(server.output())?.[1] ?? '';
    keyFingerprint = /Server key fingerprint: ([0-9A-Fa-f: ]+)\n/.exec(server.output())?.[1]?.trim() ?? '';
    expect(tls).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/);
    url = `https://127.0.0.1:${server.port}`;
    api = new PinnedOfficerApi(url, tls);
    await api.login();
    t = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 3 });
  });

  afterAll(async () => {
    for (const s of stores) s.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const freshTill = (name: string) => {
    const clock = new ManualClock(NOW);
    const store = openStore(join(dir, `${name}.db`), { clock });
    stores.push(store);
    return { store, clock };
  };
  const code = async () =>
    (await api.call<{ code: string }>('POST', `/api/shops/${t.shopIds[0]}/enrollment-codes`)).code;

  test('a certificate other than the pinned one is refused before anything is sent, and nothing is saved', async () => {
    const { store, clock } = freshTill('wrong-pin');
    const wrong = tls.replace(/^[0-9A-F]{2}/, tls.startsWith('00') ? '11' : '00');
    const join = enrolOnline(store, clock, {
      serverUrl: url,
      code: await code(),
      fingerprint: keyFingerprint,
      tls: wrong,
      name: '冒充测试',
    });
    await expect(join).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
    await join.catch((e: { zh: string; en: string }) => {
      expect(e.zh).toContain('证书与登记码上的不一致');
      expect(e.en).toContain('certificate does not match');
    });
    expect(new SyncSettings(store).enrolment).toBeNull();
    expect(store.getSetting('shop.id')).toBeNull();
  });

  test('without a pin the self-signed certificate is not trusted: the till stays unenrolled', async () => {
    const { store, clock } = freshTill('no-pin');
    await expect(
      enrolOnline(store, clock, {
        serverUrl: url,
        code: await code(),
        fingerprint: keyFingerprint,
        name: '无指纹',
      }),
    ).rejects.toThrow(/unreachable|certificate/);
    expect(new SyncSettings(store).enrolment).toBeNull();
  });

  test('with the pin from the QR the till enrols, pulls its shop and pushes through the pinned socket', async () => {
    const { store, clock } = freshTill('pinned');
    await enrolOnline(store, clock, {
      serverUrl: url,
      code: await code(),
      fingerprint: keyFingerprint,
      tls,
      name: '收银机',
    });
    expect(new SyncSettings(store).enrolment?.tlsFingerprint).toBe(tls);
    const sync = new SyncClient({ store, clock });
    expect(await sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    expect(store.sql('SELECT count(*) FROM households').pluck().get()).toBe(3);
  });
});
