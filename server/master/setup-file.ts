import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { keyFingerprint, type SetupFile, setupFileSigningString } from '../../src/sync/setup-file';
import { signText } from '../crypto/keys';
import type { ServerKey } from '../crypto/server-key';
import type { Db } from '../db/connect';
import { issueEnrollmentCode } from '../devices/enrollment';
import { buildPull } from '../sync/pull';

/** No device has this id: the file's pull is what any new till of the shop would get from scratch. */
const NO_DEVICE = '00000000-0000-7000-8000-000000000000';

/**
 * A signed setup file for a shop's till in a village with no network (decision 0700):
 * a fresh one-time code, the server's key and address, and a first pull (the shop's
 * clerks only), signed by the server key. The till trades from it at once and enrols
 * with the code on its first sync, or when the township imports its bundle.
 */
export async function buildSetupFile(
  db: Db,
  clock: Clock,
  key: ServerKey,
  input: {
    shopId: string;
    officerId: string;
    serverUrl: string;
    /** How long the code lasts (a USB stick may take days to reach the village); default 24 h. */
    codeTtlMs?: number;
    /** The TLS certificate's SHA-256 for pinning, when serving HTTPS. */
    tls?: string | null;
  },
): Promise<SetupFile> {
  const shop = await db
    .selectFrom('shops')
    .select(['townshipId', 'name'])
    .where('id', '=', input.shopId)
    .executeTakeFirst();
  if (!shop) throw tillError('INVALID_INPUT', '没有这个店', 'No such shop', { shopId: input.shopId });
  const { code, expiresAt } = await issueEnrollmentCode(
    db,
    clock,
    input.shopId,
    input.officerId,
    input.codeTtlMs,
  );
  const now = clock.now();
  const pull = await buildPull(
    db,
    { id: NO_DEVICE, townshipId: shop.townshipId, shopId: input.shopId },
    { cursor: 0, masterVersion: 0, limit: 1_000_000 },
    now,
    1_000_000,
    (t) => signText(key.privateKey, t),
  );
  const unsigned: Omit<SetupFile, 'signature'> = {
    format: 'jifen-setup/1',
    code,
    codeExpiresAt: expiresAt,
    server: input.serverUrl,
    serverPublicKey: key.publicKey,
    fingerprint: keyFingerprint(key.publicKey),
    ...(input.tls ? { tls: input.tls } : {}),
    townshipId: shop.townshipId,
    shopId: input.shopId,
    shopName: shop.name,
    createdAt: now,
    pull,
  };
  return { ...unsigned, signature: signText(key.privateKey, setupFileSigningString(unsigned)) };
}
