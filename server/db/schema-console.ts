/** Console accounts and what they leave: officers, their sign-ins, the console's audit trail and the overdraft notes officers write. Conventions: see schema.ts. */
export interface ServerStateTable {
  key: string;
  value: string;
}
export interface CounterTable {
  name: string;
  value: number;
}
export interface OfficerTable {
  id: string;
  username: string;
  name: string;
  role: 'officer' | 'cadre';
  passwordHash: string;
  townshipId: string | null;
  villageId: string | null;
  active: number;
  createdAt: number;
}
export interface OfficerSessionTable {
  tokenHash: string;
  officerId: string;
  expiresAt: number;
}
/** A township console sign-in (decision 0600); the cookie holds the token, we keep its hash. */
export interface ConsoleSessionTable {
  tokenHash: string;
  officerId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}
/** One row per console change: who, when, what (append-only). */
export interface ConsoleAuditTable {
  id: string;
  townshipId: string | null;
  officerId: string | null;
  officerName: string;
  at: number;
  action: string;
  target: string;
  /** JSON text: the change's input, secrets left out. */
  details: string;
}
/** The note an officer wrote when resolving an overdraft (0601). */
export interface OverdraftNoteTable {
  overdraftId: string;
  townshipId: string;
  note: string;
  resolvedBy: string;
  resolvedByName: string;
  resolvedAt: number;
}
