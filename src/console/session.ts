/**
 * Shapes the township console and the server's console API share (decision 0600). The
 * console never imports server code, nor the till's; both ends import these.
 */
export type ConsoleRole = 'officer' | 'cadre';

export interface ConsoleOfficerView {
  id: string;
  username: string;
  name: string;
  role: ConsoleRole;
  /** null: an unscoped officer (county level) who sees every township. */
  townshipId: string | null;
  /** A cadre's own village; null for officers. */
  villageId: string | null;
}

export interface ConsoleTownshipView {
  id: string;
  name: string;
  timeZone: string;
}

export interface ConsoleSessionView {
  officer: ConsoleOfficerView;
  /** Echo in the x-csrf-token header on every change. */
  csrf: string;
  expiresAt: number;
  townships: ConsoleTownshipView[];
}

export interface SetupStatusView {
  needed: boolean;
  /** SHA-256 of the server's Ed25519 key, as tills compare it. */
  fingerprint: string;
  /** SHA-256 of the TLS certificate, null when served over plain HTTP. */
  tlsFingerprint: string | null;
}

export interface FirstOfficerRequest {
  token: string;
  townshipName: string;
  name: string;
  username: string;
  password: string;
}
