import { createHash, randomInt } from 'node:crypto';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { GENESIS_HASH } from '../../src/journal';
import type { EnrollRequest, EnrollResponse } from '../../src/sync/messages';
import { syncRefusal } from '../../src/sync/refusals';
import { publicKeyFrom } from '../crypto/keys';
import type { Db } from '../db/connect';
import { bumpMasterVersion } from '../master/version';

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_TTL_MS = 24 * 60 * 60 * 1000;

const codeHash = (code: string) => createHash('sha256').update(code).digest('hex');

/** A one-time code an officer reads out or prints for the till of one shop; valid 24 h. */
export async function issueEnrollmentCode(
  db: Db,
  clock: Clock,
  shopId: string,
  officerId: string,
  /** Longer for a setup file that travels to a village on a USB stick. */
  ttlMs = CODE_TTL_MS,
): Promise<{ code: string; expiresAt: number }> {
  const shop = await db
    .selectFrom('shops')
    .select(['townshipId'])
    .where('id', '=', shopId)
    .executeTakeFirst();
  if (!shop) throw tillError('INVALID_INPUT', '没有这个店', 'No such shop', { shopId });
  const groups = Array.from({ length: 3 }, () =>
    Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''),
  );
  const code = groups.join('-');
  const expiresAt = clock.now() + ttlMs;
  await db
    .insertInto('enrollmentCodes')
    .values({
      codeHash: codeHash(code),
      townshipId: shop.townshipId,
      shopId,
      createdBy: officerId,
      expiresAt,
      usedAt: null,
      usedByDevice: null,
    })
    .execute();
  return { code, expiresAt };
}

/**
 * Registers a till's public key under its device id. A restored till enrols again with
 * a fresh id and names the old one: the old identity is superseded (it can no longer
 * push), so no sequence number is ever used twice for one device id.
 */
export async function enroll(
  db: Db,
  clock: Clock,
  req: EnrollRequest,
  serverPublicKey: string,
): Promise<EnrollResponse> {
  if (!publicKeyFrom(req.publicKey)) throw syncRefusal('malformed', { field: 'publicKey' });
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const code = await trx
      .selectFrom('enrollmentCodes')
      .selectAll()
      .where('codeHash', '=', codeHash(req.code))
      .executeTakeFirst();
    if (!code || code.usedAt !== null || code.expiresAt < now) throw syncRefusal('bad-code');
    if (await trx.selectFrom('devices').select('id').where('id', '=', req.deviceId).executeTakeFirst()) {
      throw syncRefusal('device-exists');
    }
    if (req.previousDeviceId) {
      const prev = await trx
        .selectFrom('devices')
        .select(['townshipId'])
        .where('id', '=', req.previousDeviceId)
        .executeTakeFirst();
      if (!prev || prev.townshipId !== code.townshipId)
        throw syncRefusal('unknown-device', { previousDeviceId: req.previousDeviceId });
      await trx
        .updateTable('devices')
        .set({ status: 'superseded' })
        .where('id', '=', req.previousDeviceId)
        .execute();
    }
    await trx
      .insertInto('devices')
      .values({
        id: req.deviceId,
        townshipId: code.townshipId,
        shopId: code.shopId,
        name: req.name,
        kind: 'till',
        publicKey: req.publicKey,
        status: 'active',
        previousDeviceId: req.previousDeviceId,
        enrolledAt: now,
        lastSeq: 0,
        lastHash: GENESIS_HASH,
        lastSyncAt: null,
        lastClockSkewMs: null,
      })
      .execute();
    await trx
      .updateTable('enrollmentCodes')
      .set({ usedAt: now, usedByDevice: req.deviceId })
      .where('codeHash', '=', code.codeHash)
      .execute();
    await bumpMasterVersion(trx, code.townshipId);
    return {
      deviceId: req.deviceId,
      shopId: code.shopId,
      townshipId: code.townshipId,
      serverPublicKey,
      serverTime: now,
    };
  });
}

/**
 * A restored till moves to a new device id, signed by its old key (it holds the backup's
 * key, so no officer is needed): same shop, old id superseded and linked.
 */
export async function startEpoch(
  db: Db,
  clock: Clock,
  old: { id: string; townshipId: string; shopId: string | null; name: string; status: string },
  req: { newDeviceId: string; publicKey: string },
  serverPublicKey: string,
): Promise<EnrollResponse> {
  if (!publicKeyFrom(req.publicKey)) throw syncRefusal('malformed', { field: 'publicKey' });
  const now = clock.now();
  const answer = {
    deviceId: req.newDeviceId,
    shopId: old.shopId ?? '',
    townshipId: old.townshipId,
    serverPublicKey,
    serverTime: now,
  };
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('devices')
      .select(['previousDeviceId', 'publicKey'])
      .where('id', '=', req.newDeviceId)
      .executeTakeFirst();
    if (existing) {
      if (existing.previousDeviceId === old.id && existing.publicKey === req.publicKey) return answer;
      throw syncRefusal('device-exists');
    }
    if (old.status === 'superseded') throw syncRefusal('superseded');
    await trx.updateTable('devices').set({ status: 'superseded' }).where('id', '=', old.id).execute();
    await trx
      .insertInto('devices')
      .values({
        id: req.newDeviceId,
        townshipId: old.townshipId,
        shopId: old.shopId,
        name: old.name,
        kind: 'till',
        publicKey: req.publicKey,
        status: 'active',
        previousDeviceId: old.id,
        enrolledAt: now,
        lastSeq: 0,
        lastHash: GENESIS_HASH,
        lastSyncAt: null,
        lastClockSkewMs: null,
      })
      .execute();
    await bumpMasterVersion(trx, old.townshipId);
    return {
      deviceId: req.newDeviceId,
      shopId: old.shopId ?? '',
      townshipId: old.townshipId,
      serverPublicKey,
      serverTime: now,
    };
  });
}

export async function revokeDevice(db: Db, deviceId: string): Promise<void> {
  const r = await db
    .updateTable('devices')
    .set({ status: 'revoked' })
    .where('id', '=', deviceId)
    .where('kind', '=', 'till')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    throw tillError('INVALID_INPUT', '没有这台收银机', 'No such till', { deviceId });
}
