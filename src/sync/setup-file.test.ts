import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkSetupFile,
  fingerprintMatches,
  keyFingerprint,
  normaliseFingerprint,
  type SetupFile,
  setupFileSigningString,
} from './setup-file';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const pub = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const check = (p: string, text: string, sig: string) =>
  verify(
    null,
    Buffer.from(text),
    { key: Buffer.from(p, 'base64'), format: 'der', type: 'spki' },
    Buffer.from(sig, 'base64'),
  );

function file(overrides: Partial<SetupFile> = {}): SetupFile {
  const unsigned = {
    format: 'jifen-setup/1' as const,
    code: 'ABCD-2345-WXYZ',
    codeExpiresAt: 2_000,
    server: 'https://192.168.1.10:8470',
    serverPublicKey: pub,
    fingerprint: keyFingerprint(pub),
    townshipId: '01a0f4c2-c420-70cd-8662-5199f1dffa08',
    shopId: '01a0f4c2-c421-725d-ae8f-51d1a6778021',
    shopName: '第1村积分超市',
    createdAt: 1_000,
    pull: {
      serverTime: 1_000,
      cursor: 0,
      more: false,
      masterVersion: 1,
      master: null,
      entries: [],
      overdrafts: [],
      lockedPeriods: [],
    },
    ...overrides,
  };
  return {
    ...unsigned,
    signature: sign(null, Buffer.from(setupFileSigningString(unsigned)), privateKey).toString('base64'),
  };
}

describe('setup file', () => {
  it('fingerprints are 16 groups of 4 hex digits and compare however they are typed', () => {
    const fp = keyFingerprint(pub);
    expect(fp).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){15}$/);
    expect(fingerprintMatches(pub, fp.toLowerCase().replace(/ /g, ''))).toBe(true);
    expect(normaliseFingerprint(fp.replace(/ /g, '-'))).toBe(fp);
  });

  it('accepts a file the server signed, and refuses an altered, re-keyed or expired one', () => {
    const good = file();
    expect(checkSetupFile(good, check, 1_500)).toEqual({ ok: true, file: good });
    expect(checkSetupFile({ ...good, shopId: good.townshipId }, check, 1_500)).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    expect(checkSetupFile({ ...good, fingerprint: keyFingerprint(good.signature) }, check, 1_500)).toEqual({
      ok: false,
      problem: 'fingerprint-mismatch',
    });
    expect(checkSetupFile(good, check, 1_500, '0000 '.repeat(16))).toEqual({
      ok: false,
      problem: 'fingerprint-mismatch',
    });
    expect(checkSetupFile(good, check, 3_000)).toEqual({ ok: false, problem: 'expired' });
    expect(checkSetupFile('not a file', check, 1_500)).toEqual({ ok: false, problem: 'malformed' });
  });
});
