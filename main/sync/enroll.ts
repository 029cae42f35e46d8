import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { Clock } from '../../src/clock';
import { type TillError, tillError } from '../../src/errors';
import { type EnrollResponse, EnrollResponseSchema } from '../../src/sync/messages';
import { refusalReason } from '../../src/sync/refusals';
import { fingerprintMatches, keyFingerprint, normaliseFingerprint } from '../../src/sync/setup-file';
import type { TillStore } from '../store';
import { SyncConnection } from './connection';
import { newDeviceKeys } from './keys';
import { SyncSettings } from './settings';

/** What the setup screen (or a scanned enrolment QR) gives the till. */
export interface JoinRequest {
  serverUrl: string;
  code: string;
  /** The server key's fingerprint as the officer's code shows it (any spacing or case). */
  fingerprint: string;
  /** The server's TLS certificate SHA-256 from the QR or setup file, pinned from here on. */
  tls?: string | null;
  name: string;
}

const PENDING_CODE = 'sync.pending_code';

/** A demo database holds invented awards and sales: they must never reach a township's ledger. */
export function refuseDemoDatabase(store: TillStore): void {
  if (store.getSetting<boolean>('demo') === true) {
    throw tillError(
      'DEMO_DATABASE',
      '这是演示数据库，不能登记到乡镇。请用空的数据目录启动正式收银台：npm start -- --setup（或安装版首次启动）',
      'This is a demo database and cannot enrol with a township. Start a real till on an empty data folder: npm start -- --setup (or the installed app on first start)',
    );
  }
}

function refuseIfEnrolled(store: TillStore): void {
  if (new SyncSettings(store).enrolment && store.getSetting<string>(PENDING_CODE) === null) {
    throw tillError('INVALID_INPUT', '这台收银机已经登记过了', 'This till is already enrolled');
  }
}

export function keyMismatch(expected: string, actual: string): TillError {
  return tillError(
    'KEY_MISMATCH',
    `服务器的密钥指纹与登记码上的不一致，已拒绝登记（什么也没有保存）。可能连错了服务器或被冒充，请向乡镇核对。\n登记码上：${normaliseFingerprint(expected)}\n服务器：${actual}`,
    `The server's key fingerprint does not match the one on the enrolment code; enrolment refused and nothing was saved. You may have reached the wrong or an impostor server: check with the township.\nOn the code: ${normaliseFingerprint(expected)}\nServer: ${actual}`,
    { expected: normaliseFingerprint(expected), actual },
  );
}

/** Wrong, expired or used codes get one plain message; other refusals pass through. */
function explainRefusal(e: unknown): unknown {
  if (refusalReason(e) === 'bad-code') {
    return tillError(
      'SYNC_REFUSED',
      '登记码不对、已过期或已经用过。请向乡镇要一个新的登记码（什么也没有保存）。',
      'The enrolment code is wrong, expired or already used. Ask the township for a new code (nothing was saved).',
      { reason: 'bad-code' },
    );
  }
  return e;
}

/**
 * Enrols over the network with the key pinned (decision 0700): the server's key is read
 * from /health and checked against the fingerprint before the one-time code is sent, and
 * the enrolment answer must be signed by that same key. Nothing is written unless all of
 * it holds, so a mismatch or a refused code leaves the till as it was.
 */
export async function enrolOnline(store: TillStore, clock: Clock, req: JoinRequest): Promise<EnrollResponse> {
  refuseDemoDatabase(store);
  refuseIfEnrolled(store);
  const settings = new SyncSettings(store);
  const conn = new SyncConnection({
    serverUrl: req.serverUrl,
    clock,
    clockOffsetMs: () => 0,
    onClockOffset: () => {},
    tlsFingerprint: req.tls ?? null,
  });
  const health = await conn.get<{ serverPublicKey?: unknown }>('/health');
  const serverKey = typeof health.serverPublicKey === 'string' ? health.serverPublicKey : '';
  const actual = serverKey ? keyFingerprint(serverKey) : '';
  if (!serverKey || !fingerprintMatches(serverKey, req.fingerprint))
    throw keyMismatch(req.fingerprint, actual);

  // A setup file already made this till's key; enrolling later online reuses it.
  const existing = settings.enrolment;
  const keys = existing
    ? { privateKey: existing.privateKey, publicKey: publicKeyOf(existing.privateKey) }
    : newDeviceKeys();
  let res: EnrollResponse;
  try {
    res = EnrollResponseSchema.parse(
      await conn.unsignedPinned<EnrollResponse>(
        '/sync/enroll',
        {
          code: req.code.trim().toUpperCase(),
          deviceId: store.deviceId,
          name: req.name,
          publicKey: keys.publicKey,
          // A backup restored on another machine has no key: it re-enrols naming its old id.
          previousDeviceId: settings.keylessDeviceId === store.deviceId ? null : settings.keylessDeviceId,
        },
        serverKey,
      ),
    );
  } catch (e) {
    throw explainRefusal(e);
  }
  if (res.serverPublicKey !== serverKey)
    throw keyMismatch(req.fingerprint, keyFingerprint(res.serverPublicKey));
  store.transaction(() => {
    settings.enrolment = {
      serverUrl: req.serverUrl,
      serverPublicKey: serverKey,
      townshipId: res.townshipId,
      shopId: res.shopId,
      deviceId: res.deviceId,
      privateKey: keys.privateKey,
      tlsFingerprint: req.tls ?? null,
    };
    if (!existing) settings.pushedThrough = 0;
    store.setSetting(PENDING_CODE, null);
    // The code was issued for one shop: that is the shop this till now serves.
    store.setSetting('shop.id', res.shopId);
  });
  return res;
}

/** The code a setup file brought, until the till has enrolled with it online. */
export function pendingCode(store: TillStore): string | null {
  return store.getSetting<string>(PENDING_CODE);
}

export function setPendingCode(store: TillStore, code: string | null): void {
  store.setSetting(PENDING_CODE, code);
}

export function publicKeyOf(privateKeyB64: string): string {
  const priv = createPrivateKey({ key: Buffer.from(privateKeyB64, 'base64'), format: 'der', type: 'pkcs8' });
  return createPublicKey(priv).export({ format: 'der', type: 'spki' }).toString('base64');
}
