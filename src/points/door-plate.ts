/**
 * The household door plate (门牌二维码): a QR code whose text names a household and a plate
 * version, signed with Ed25519 by the township server key (decision 0910). The till checks it
 * with the key it pinned at enrolment, so a plate cannot be forged or edited: any change to
 * the id, the version or the signature fails the check. Pure: the caller signs and verifies.
 *
 * QR text: `JFDP1.<household uuid>.<version>.<signature, base64url>`, plain ASCII so a
 * keyboard-wedge scanner types it exactly.
 */
export const PLATE_PREFIX = 'JFDP1';

export interface PlateFacts {
  townshipId: string;
  householdId: string;
  /** Raised when a plate is reissued: an older plate of the household stops working. */
  version: number;
}

export interface ParsedPlate {
  householdId: string;
  version: number;
  /** base64 (standard alphabet), as the Ed25519 helpers take it. */
  signature: string;
}

/** What is signed: the township too, so a plate from another township never verifies here. */
export function plateSigningText(f: PlateFacts): string {
  return `jifen-door-plate/1\n${f.townshipId}\n${f.householdId}\n${f.version}`;
}

const toUrl = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromUrl = (u: string) => {
  const b64 = u.replace(/-/g, '+').replace(/_/g, '/');
  return b64 + '='.repeat((4 - (b64.length % 4)) % 4);
};

/** The plate's QR text; `sign` is the township key's Ed25519 signer (server, or the demo township). */
export function signPlate(f: PlateFacts, sign: (text: string) => string): string {
  return `${PLATE_PREFIX}.${f.householdId}.${f.version}.${toUrl(sign(plateSigningText(f)))}`;
}

/** Looks like a plate at all (a scan is routed by this); says nothing about the signature. */
export function looksLikePlate(text: string): boolean {
  return text.trim().toUpperCase().startsWith(`${PLATE_PREFIX}.`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Null when the text is not shaped like a plate (then it is refused like a bad signature). */
export function parsePlate(text: string): ParsedPlate | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts[0] !== PLATE_PREFIX) return null;
  const [, householdId, version, sig] = parts as [string, string, string, string];
  if (!UUID.test(householdId) || !/^[1-9]\d{0,5}$/.test(version) || !/^[A-Za-z0-9_-]{86}$/.test(sig))
    return null;
  return { householdId, version: Number(version), signature: fromUrl(sig) };
}
