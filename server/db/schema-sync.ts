/** Devices and what they push: enrolment, request nonces, the stored entries and each till's last report about itself. Conventions: see schema.ts. */
export interface DeviceTable {
  id: string;
  townshipId: string;
  shopId: string | null;
  name: string;
  kind: 'till' | 'server';
  publicKey: string | null;
  status: 'active' | 'revoked' | 'superseded';
  previousDeviceId: string | null;
  enrolledAt: number;
  lastSeq: number;
  lastHash: string;
  lastSyncAt: number | null;
  /** Till clock minus server clock at the last signed request (ms). */
  lastClockSkewMs: number | null;
  /** Head seq the till reported in its last push or pull, and when (server clock). */
  reportedHead?: number | null;
  reportedHeadAt?: number | null;
}
export interface EnrollmentCodeTable {
  codeHash: string;
  townshipId: string;
  shopId: string;
  createdBy: string;
  expiresAt: number;
  usedAt: number | null;
  usedByDevice: string | null;
}
export interface NonceTable {
  deviceId: string;
  nonce: string;
  seenAt: number;
}
export interface EntryTable {
  deviceId: string;
  seq: number;
  id: string;
  townshipId: string;
  kind: string;
  at: number;
  businessDate: string;
  clerkId: string | null;
  body: string;
  prevHash: string;
  hash: string;
  /** Server receive order: the pull cursor. */
  recvSeq: number;
  receivedAt: number;
  /** Accounting period: the business month, or the next open one when that was locked. */
  period: string;
  /** 1 when the business month was already locked on arrival. */
  late: number;
}
/** A till's last report about itself (0602). */
export interface TillStatusTable {
  deviceId: string;
  appVersion: string;
  /** JSON text: TillStatus['problems']. */
  problems: string;
  reportedAt: number;
}
