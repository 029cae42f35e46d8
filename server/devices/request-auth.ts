import type { Clock } from '../../src/clock';
import { syncRefusal } from '../../src/sync/refusals';
import {
  HEADER_CLOCK_OFFSET,
  HEADER_DEVICE,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  REQUEST_WINDOW_MS,
  requestSigningString,
} from '../../src/sync/signing';
import { publicKeyFrom, verifyText } from '../crypto/keys';
import type { Db } from '../db/connect';
import type { DeviceTable } from '../db/schema';

export interface SignedRequest {
  method: string;
  url: string;
  /** The body as its digest is taken: the bytes as they came, or the text (signedBodyOf). */
  rawBody: Uint8Array | string;
  headers: Record<string, string | string[] | undefined>;
}

const header = (h: SignedRequest['headers'], name: string) => {
  const v = h[name];
  return typeof v === 'string' ? v : undefined;
};

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let lastPurge = 0;

/**
 * Checks a till's signed request: known, active device; timestamp inside the window of
 * the server clock; Ed25519 signature over method, path, body digest, device, time and
 * nonce; nonce never seen before. Refusals name the reason; a clock-skew refusal also
 * carries the server time so the till can correct its offset and retry.
 */
export async function verifySignedRequest(
  db: Db,
  clock: Clock,
  r: SignedRequest,
  opts: { allowSuperseded?: boolean } = {},
): Promise<{ device: DeviceTable; nonce: string }> {
  const deviceId = header(r.headers, HEADER_DEVICE);
  const ts = header(r.headers, HEADER_TIMESTAMP);
  const nonce = header(r.headers, HEADER_NONCE);
  const signature = header(r.headers, HEADER_SIGNATURE);
  if (!deviceId || !ts || !nonce || !signature) throw syncRefusal('unsigned');
  if (!UUID.test(deviceId) || !/^\d{1,16}$/.test(ts) || !NONCE.test(nonce)) throw syncRefusal('malformed');
  const now = clock.now();
  const timestamp = Number(ts);
  const offset = Number(header(r.headers, HEADER_CLOCK_OFFSET) ?? 0) || 0;
  if (Math.abs(now - timestamp) > REQUEST_WINDOW_MS) {
    throw syncRefusal('clock-skew', { serverTime: now, skewMs: timestamp - now });
  }
  const row = await db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
  if (row?.kind !== 'till' || !row.publicKey) throw syncRefusal('unknown-device');
  const key = publicKeyFrom(row.publicKey);
  const text = requestSigningString({
    method: r.method,
    path: r.url,
    body: r.rawBody,
    deviceId,
    timestamp,
    nonce,
  });
  if (!key || !verifyText(key, text, signature)) throw syncRefusal('bad-signature');
  if (row.status === 'revoked') throw syncRefusal('revoked');
  if (row.status === 'superseded' && !opts.allowSuperseded) throw syncRefusal('superseded');
  // The nonce and the clock skew commit together, before the request's own work: one
  // durable commit per request instead of two (a push paid three fsyncs a batch).
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('nonces')
      .values({ deviceId, nonce, seenAt: now })
      .onConflict((oc) => oc.columns(['deviceId', 'nonce']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw syncRefusal('replayed');
    await trx
      .updateTable('devices')
      .set({ lastClockSkewMs: timestamp - offset - now })
      .where('id', '=', deviceId)
      .execute();
  });
  if (now - lastPurge > 60_000) {
    lastPurge = now;
    await db
      .deleteFrom('nonces')
      .where('seenAt', '<', now - 2 * REQUEST_WINDOW_MS)
      .execute();
  }
  return { device: { ...row, lastSeq: Number(row.lastSeq) }, nonce };
}
