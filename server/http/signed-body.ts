import { isUtf8 } from 'node:buffer';

/**
 * What the request's body digest is taken over (decision 0455). A device signs the
 * SHA-256 of the UTF-8 bytes of the text it sends. The server used to decode the bytes
 * and encode the text back to UTF-8 for the digest; for valid UTF-8 that gives the very
 * bytes that came, so they are hashed as they came (a 5000-entry push is 3 MB of mostly
 * two-byte text). Bytes that are not valid UTF-8 decode with replacement characters, and
 * their digest stays the decoded text's, exactly as before.
 */
export function signedBodyOf(bytes: Buffer, text: string): Uint8Array | string {
  return isUtf8(bytes) ? bytes : text;
}
