import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { type ServerBundle, ServerBundleSchema, type TillBundle } from '../../src/sync/messages';
import { bundleSigningString } from '../../src/sync/signing';
import type { TillStore } from '../store';
import { applyPull } from './apply-pull';
import { signWith, verifyWith } from './keys';
import { SyncSettings } from './settings';

/**
 * The no-network path. Export writes every entry the server has not confirmed into a
 * file signed with the device key (write to a temp name, then rename, so a pulled USB
 * stick never holds half a bundle). Import checks the server's signature, applies the
 * pull it carries and records how far the server has our chain.
 */
export function exportTillBundle(store: TillStore, clock: Clock, file: string): { entries: number } {
  const settings = new SyncSettings(store);
  const enrolment = settings.enrolment;
  if (!enrolment)
    throw tillError('SYNC_REFUSED', '收银机尚未登记', 'This till is not enrolled', {
      reason: 'unknown-device',
    });
  const entries = store.journalAfter(settings.pushedThrough, Number.MAX_SAFE_INTEGER);
  const unsigned: Omit<TillBundle, 'signature'> = {
    format: 'jifen-till-bundle/1',
    deviceId: enrolment.deviceId,
    createdAt: clock.now(),
    entries,
  };
  const bundle: TillBundle = {
    ...unsigned,
    signature: signWith(enrolment.privateKey, bundleSigningString(unsigned)),
  };
  writeFileSync(`${file}.part`, JSON.stringify(bundle));
  renameSync(`${file}.part`, file);
  return { entries: entries.length };
}

export function importServerBundle(store: TillStore, file: string): { applied: number } {
  const settings = new SyncSettings(store);
  const enrolment = settings.enrolment;
  if (!enrolment)
    throw tillError('SYNC_REFUSED', '收银机尚未登记', 'This till is not enrolled', {
      reason: 'unknown-device',
    });
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const parsed = ServerBundleSchema.safeParse(raw);
  const bad = () =>
    tillError('SYNC_REFUSED', '同步文件无效或签名不对', 'The sync bundle is invalid or wrongly signed', {
      reason: 'bad-bundle',
    });
  if (!parsed.success) throw bad();
  const bundle: ServerBundle = parsed.data;
  if (bundle.forDeviceId !== enrolment.deviceId) throw bad();
  if (!verifyWith(enrolment.serverPublicKey, bundleSigningString(raw), bundle.signature)) throw bad();
  return store.transaction(() => {
    const r = applyPull(store, settings, bundle.pull);
    if (bundle.imported) settings.pushedThrough = Math.max(settings.pushedThrough, bundle.imported.lastSeq);
    return r;
  });
}
