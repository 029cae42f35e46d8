import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { checkSetupFile, type SetupFile, type SetupFileProblem } from '../../src/sync/setup-file';
import type { TillStore } from '../store';
import { SyncSettings } from '../sync';
import { applyPull } from '../sync/apply-pull';
import { refuseDemoDatabase, setPendingCode } from '../sync/enroll';
import { newDeviceKeys, verifyWith } from '../sync/keys';

const PROBLEMS: Record<SetupFileProblem, { zh: string; en: string }> = {
  malformed: {
    zh: '这不是乡镇服务器生成的设置文件，或文件已损坏（什么也没有保存）',
    en: 'This is not a setup file made by the township server, or it is damaged (nothing was saved)',
  },
  'fingerprint-mismatch': {
    zh: '设置文件的密钥指纹不对，可能被改过，已拒绝（什么也没有保存）',
    en: 'The setup file key fingerprint does not match; it may have been altered. Refused (nothing was saved)',
  },
  'bad-signature': {
    zh: '设置文件的签名不对，可能被改过，已拒绝（什么也没有保存）',
    en: 'The setup file signature is wrong; it may have been altered. Refused (nothing was saved)',
  },
  expired: {
    zh: '设置文件里的登记码已过期，请向乡镇要一个新的设置文件（什么也没有保存）',
    en: 'The enrolment code in this setup file has expired; ask the township for a new file (nothing was saved)',
  },
};

/**
 * Sets a till up from a signed setup file (USB stick, no network): checks the server's
 * signature and fingerprint, then in ONE transaction stores the shop's master data and
 * entries, a fresh device key and the code. The till trades at once; its first online
 * sync (or the township importing its bundle) enrols it with that code.
 */
export function loadSetupFile(store: TillStore, clock: Clock, content: string, name: string): SetupFile {
  refuseDemoDatabase(store);
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    raw = null;
  }
  const checked = checkSetupFile(raw, verifyWith, clock.now());
  if (!checked.ok) {
    const m = PROBLEMS[checked.problem];
    throw tillError('INVALID_INPUT', m.zh, m.en, { problem: checked.problem });
  }
  const file = checked.file;
  const settings = new SyncSettings(store);
  const keys = newDeviceKeys();
  store.transaction(() => {
    applyPull(store, settings, file.pull);
    settings.enrolment = {
      serverUrl: file.server,
      serverPublicKey: file.serverPublicKey,
      townshipId: file.townshipId,
      shopId: file.shopId,
      deviceId: store.deviceId,
      privateKey: keys.privateKey,
      tlsFingerprint: file.tls ?? null,
    };
    settings.pushedThrough = 0;
    setPendingCode(store, file.code);
    store.setSetting('device.name', name);
    store.setSetting('shop.id', file.shopId);
  });
  return file;
}
