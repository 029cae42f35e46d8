import { randomBytes, scrypt } from 'node:crypto';

/**
 * Hashes a clerk PIN in the format the till checks (main/store/pin.ts:
 * `scrypt$N$salt$key`, N = 2^16, r = 8, p = 1, 32-byte key; decision 0413); the hash travels to the
 * till with the clerk's master data. tests/roster-people.test.ts checks the till accepts it.
 */
const N = 65536;
const KEY_LENGTH = 32;

export function hashClerkPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: 128 * N * 8 * 2 }, (err, key) => {
      if (err) reject(err);
      else resolve(`scrypt$${N}$${salt.toString('base64')}$${key.toString('base64')}`);
    });
  });
}
