import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/** The till's Ed25519 identity: made at enrolment, kept in the till database settings. */
export function newDeviceKeys(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/**
 * The last key parsed, kept as a KeyObject: a push signs a request per batch and checks an
 * answer per batch with the same two keys, and parsing the DER each time was 5% of the
 * till's push CPU (issue 14). The key is held only as long as its text is.
 */
function cached<K>(make: (b64: string) => K): (b64: string) => K {
  let last: { b64: string; key: K } | null = null;
  return (b64) => {
    if (last?.b64 !== b64) last = { b64, key: make(b64) };
    return last.key;
  };
}
const privateKeyOf = cached((b64) =>
  createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' }),
);
const publicKeyOf = cached((b64) =>
  createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' }),
);

export function signWith(privateKeyB64: string, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), privateKeyOf(privateKeyB64)).toString('base64');
}

export function verifyWith(publicKeyB64: string, text: string, signatureB64: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(text, 'utf8'),
      publicKeyOf(publicKeyB64),
      Buffer.from(signatureB64, 'base64'),
    );
  } catch {
    return false;
  }
}
