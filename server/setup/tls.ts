import { X509Certificate } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import { generate } from 'selfsigned';
import type { Clock } from '../../src/clock';
import type { Db } from '../db/connect';

/**
 * The server's self-signed TLS certificate, made on first start and kept in server_state
 * so it survives restarts and a move to another machine with the database. `selfsigned`
 * (on @peculiar/x509) builds it; node:crypto has no certificate builder and hand-written
 * DER is easy to get subtly wrong. Tills trust the server by its Ed25519 key fingerprint
 * (every sync answer is signed); the certificate fingerprint is shown too, for pinning.
 */
export interface TlsMaterial {
  key: string;
  cert: string;
  /** SHA-256 of the certificate (DER), colon-separated hex as browsers show it. */
  fingerprint: string;
}

const STATE_KEY = 'server.tls';
const TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000;

export function certFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export async function loadOrCreateTls(db: Db, clock: Clock): Promise<TlsMaterial> {
  const existing = await db
    .selectFrom('serverState')
    .select('value')
    .where('key', '=', STATE_KEY)
    .executeTakeFirst();
  if (existing) {
    const { key, cert } = JSON.parse(existing.value) as { key: string; cert: string };
    return { key, cert, fingerprint: certFingerprint(cert) };
  }
  const now = clock.now();
  const ips = ['127.0.0.1', '::1', ...localAddresses()];
  const made = await generate([{ name: 'commonName', value: `jifen-township ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 60 * 60 * 1000),
    notAfterDate: new Date(now + TEN_YEARS_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: hostname() },
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  await db
    .insertInto('serverState')
    .values({ key: STATE_KEY, value: JSON.stringify({ key: made.private, cert: made.cert }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return loadOrCreateTls(db, clock);
}

/** Non-loopback addresses of this machine: what tills in the villages will dial. */
export function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter(
      (a) =>
        a && !a.internal && (a.family === 'IPv4' || a.family === 'IPv6') && !a.address.startsWith('fe80'),
    )
    .map((a) => a!.address);
}
