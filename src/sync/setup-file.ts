import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { PullResponseSchema } from './messages';

/**
 * What an enrolment code carries to a till, as a QR code and as a setup file on a USB
 * stick (decision 0600). The till trusts the server key only when its fingerprint
 * matches the one the officer's code shows; over the network it also compares it with
 * the key the server answers /sync/enroll with.
 */
const id = z.uuid();
const code = z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
const fingerprint = z.string().regex(/^[0-9A-F]{4}( [0-9A-F]{4}){15}$/, 'SHA-256 key fingerprint');

/** SHA-256 of the server's Ed25519 public key (base64 SPKI DER), as 16 groups of 4 hex digits. */
export function keyFingerprint(publicKeyB64: string): string {
  const hex = bytesToHex(sha256(base64ToBytes(publicKeyB64))).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The QR payload: JSON text of this object. */
export const EnrolmentQrSchema = z.object({
  format: z.literal('jifen-enrol/1'),
  code,
  /** Base URL of the township server, e.g. https://192.168.1.10:8470 */
  server: z.url(),
  fingerprint,
  /** SHA-256 of the server's self-signed TLS certificate (AA:BB:...), for pinning; absent over plain HTTP. */
  tls: z
    .string()
    .regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/)
    .optional(),
});
export type EnrolmentQr = z.infer<typeof EnrolmentQrSchema>;

/**
 * A signed setup file for a village with no network. It carries the one-time code (the
 * till sends it with its first sync bundle, which enrols the device at the township)
 * and what a first pull would have brought, so the till can trade before it ever syncs.
 */
export const SetupFileSchema = z.object({
  format: z.literal('jifen-setup/1'),
  code,
  codeExpiresAt: z.number().int(),
  server: z.url(),
  serverPublicKey: z.string().regex(/^[A-Za-z0-9+/=]{40,200}$/),
  fingerprint,
  /** As in the QR: the TLS certificate's SHA-256, absent over plain HTTP. */
  tls: z
    .string()
    .regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/)
    .optional(),
  townshipId: id,
  shopId: id,
  shopName: z.string(),
  createdAt: z.number().int(),
  /** What the till would have pulled from cursor 0 / master version 0. */
  pull: PullResponseSchema,
  /** Ed25519 (base64) by the server key over setupFileSigningString(file). */
  signature: z.string(),
});
export type SetupFile = z.infer<typeof SetupFileSchema>;

export const SETUP_FILE_NAME = (shopName: string) => `jifen-setup-${shopName}.json`;

/** Bytes the server signs: canonical JSON (RFC 8785) of the file without its signature. */
export function setupFileSigningString(file: Omit<SetupFile, 'signature'> | SetupFile): string {
  const { signature: _omit, ...rest } = file as SetupFile;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('setup file cannot be canonicalised');
  return text;
}

export type SetupFileProblem = 'malformed' | 'fingerprint-mismatch' | 'bad-signature' | 'expired';

/**
 * Checks a setup file read from disk. `verify` is the Ed25519 check of the caller's side
 * (node:crypto on the till); `expectedFingerprint`, when the officer read one out, must match.
 */
export function checkSetupFile(
  raw: unknown,
  verify: (publicKeyB64: string, text: string, signatureB64: string) => boolean,
  nowMs: number,
  expectedFingerprint?: string,
): { ok: true; file: SetupFile } | { ok: false; problem: SetupFileProblem } {
  const parsed = SetupFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: 'malformed' };
  const file = parsed.data;
  const actual = keyFingerprint(file.serverPublicKey);
  if (actual !== file.fingerprint) return { ok: false, problem: 'fingerprint-mismatch' };
  if (expectedFingerprint && normaliseFingerprint(expectedFingerprint) !== actual)
    return { ok: false, problem: 'fingerprint-mismatch' };
  // The signature covers the file as written, not as parsed: parsing drops fields this build does not know.
  if (!verify(file.serverPublicKey, setupFileSigningString(raw as SetupFile), file.signature))
    return { ok: false, problem: 'bad-signature' };
  if (file.codeExpiresAt < nowMs) return { ok: false, problem: 'expired' };
  return { ok: true, file };
}

/** Accepts a fingerprint typed with any spacing or case. */
export function normaliseFingerprint(text: string): string {
  const hex = text.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{1,4}/g)?.join(' ') ?? '';
}

export function fingerprintMatches(publicKeyB64: string, expected: string): boolean {
  return keyFingerprint(publicKeyB64) === normaliseFingerprint(expected);
}
