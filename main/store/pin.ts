import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Clerk PINs under scrypt (decision 0413). N = 2^16, r = 8 (64 MiB, about 0.1–0.25 s on a
 * village PC, measured by bench/fuzz.ts): affordable once per login or approval, and
 * 4 times the old 2^14 for anyone searching a stolen hash. A 4-digit PIN still falls to
 * an offline search in hours, so hashes stay off other shops' tills (decision 0410) and
 * the lockout stops guessing at the counter (till/session.ts).
 */
const N = 65536;
const KEY_LENGTH = 32;
/** Hashes made with an older cost still check; a hash asking for more than this is refused. */
const MAX_N = 262144;
const maxmem = (n: number) => 128 * n * 8 * 2;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: maxmem(N) });
  return `scrypt$${N}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function checkPin(pin: string, stored: string): boolean {
  const [scheme, n, salt, key] = stored.split('$');
  const cost = Number(n);
  if (scheme !== 'scrypt' || !salt || !key || !Number.isInteger(cost) || cost < 2 || cost > MAX_N)
    return false;
  if ((cost & (cost - 1)) !== 0) return false;
  const expected = Buffer.from(key, 'base64');
  if (expected.length < 16) return false;
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: cost,
    r: 8,
    p: 1,
    maxmem: maxmem(cost),
  });
  return timingSafeEqual(actual, expected);
}
