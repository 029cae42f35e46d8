import type { Clock } from '../../src/clock';
import type { JournalEntry } from '../../src/journal';
import {
  MAX_PUSH_BATCH,
  type ServerBundle,
  type TillBundle,
  TillBundleSchema,
} from '../../src/sync/messages';
import { syncRefusal } from '../../src/sync/refusals';
import { bundleSigningString } from '../../src/sync/signing';
import { publicKeyFrom, signText, verifyText } from '../crypto/keys';
import type { ServerKey } from '../crypto/server-key';
import type { Db } from '../db/connect';
import { type Officer, requireRole } from '../officers/auth';
import { deviceForUpdate, ingest, lockSync } from './ingest';
import { buildPull } from './pull';

/** A month of a busy shop is a few MB; this leaves room for a long time offline. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/**
 * The no-network path: a till's bundle (USB stick) is checked against the device key
 * and ingested exactly like pushes, batch by batch, so importing it twice, or after the
 * till already pushed some of it online, changes nothing. The answer is a server bundle
 * with everything the till would pull from scratch, signed by the server.
 */
export async function importTillBundle(
  db: Db,
  clock: Clock,
  key: ServerKey,
  raw: unknown,
  officer: Officer,
): Promise<ServerBundle> {
  const parsed = TillBundleSchema.safeParse(raw);
  if (!parsed.success) throw syncRefusal('bad-bundle', { issue: parsed.error.issues[0]?.message });
  const bundle: TillBundle = parsed.data;
  const row = await db.selectFrom('devices').selectAll().where('id', '=', bundle.deviceId).executeTakeFirst();
  const pub = row?.publicKey ? publicKeyFrom(row.publicKey) : null;
  if (!row || !pub) throw syncRefusal('unknown-device');
  if (!verifyText(pub, bundleSigningString(raw as Record<string, unknown>), bundle.signature))
    throw syncRefusal('bad-bundle');
  if (row.status === 'revoked') throw syncRefusal('revoked');
  // Only an officer of the bundle's township may import it (or an unscoped one).
  requireRole(officer, 'officer', row.townshipId);

  const now = clock.now();
  const total = { stored: 0, duplicates: 0, lastSeq: Number(row.lastSeq) };
  const entries = ([...bundle.entries] as JournalEntry[]).sort((a, b) => a.seq - b.seq);
  for (let i = 0; i < entries.length; i += MAX_PUSH_BATCH) {
    const r = await db.transaction().execute(async (trx) => {
      const recv = await lockSync(trx);
      const device = await deviceForUpdate(trx, bundle.deviceId);
      return ingest(trx, device!, entries.slice(i, i + MAX_PUSH_BATCH), recv, now);
    });
    total.stored += r.stored;
    total.duplicates += r.duplicates;
    total.lastSeq = r.lastSeq;
  }
  const pull = await buildPull(
    db,
    { id: row.id, townshipId: row.townshipId, shopId: row.shopId },
    { cursor: 0, masterVersion: 0, limit: 1_000_000 },
    now,
    1_000_000,
    (t) => signText(key.privateKey, t),
  );
  const unsigned: Omit<ServerBundle, 'signature'> = {
    format: 'jifen-server-bundle/1',
    townshipId: row.townshipId,
    forDeviceId: row.id,
    createdAt: now,
    pull,
    imported: total,
  };
  return { ...unsigned, signature: signText(key.privateKey, bundleSigningString(unsigned)) };
}
