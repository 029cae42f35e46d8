import canonicalize from 'canonicalize';
import { sha256Hex } from '../journal/hash';

/**
 * What a device signs on each sync request, and what the server signs on each answer.
 * Only the byte strings live here (pure, shared by both ends); the Ed25519 keys and
 * signing itself use node:crypto in main/sync and server/.
 */
export const HEADER_DEVICE = 'x-jifen-device';
export const HEADER_TIMESTAMP = 'x-jifen-timestamp';
export const HEADER_NONCE = 'x-jifen-nonce';
export const HEADER_SIGNATURE = 'x-jifen-signature';
export const HEADER_SERVER_SIGNATURE = 'x-jifen-server-signature';
/** Offset (ms) the till added to its own clock for the timestamp; lets the server report the real skew. */
export const HEADER_CLOCK_OFFSET = 'x-jifen-clock-offset';

/** A request older or newer than this (by the server clock) is refused as a possible replay. */
export const REQUEST_WINDOW_MS = 5 * 60 * 1000;

/** With the host's SHA-256 (node:crypto on till and server): it runs over every byte pushed. */
export function bodyDigest(body: string | Uint8Array): string {
  return sha256Hex(body);
}

export interface RequestSigningInput {
  method: string;
  path: string;
  body: string | Uint8Array;
  deviceId: string;
  timestamp: number;
  nonce: string;
}

export function requestSigningString(r: RequestSigningInput): string {
  return [
    'JIFEN-SYNC-1',
    r.method.toUpperCase(),
    r.path,
    bodyDigest(r.body),
    r.deviceId,
    String(r.timestamp),
    r.nonce,
  ].join('\n');
}

/** Binds the answer to the request's nonce, so an old answer cannot be replayed to a till. */
export function responseSigningString(body: string | Uint8Array, requestNonce: string): string {
  return ['JIFEN-SYNC-RESP-1', bodyDigest(body), requestNonce].join('\n');
}

/** Bytes a bundle signature covers: canonical JSON of the bundle without its signature. */
export function bundleSigningString(bundle: Record<string, unknown>): string {
  const { signature: _omit, ...rest } = bundle;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('bundle cannot be canonicalised');
  return text;
}
