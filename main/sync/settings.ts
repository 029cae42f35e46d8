import type { Overdraft } from '../../src/sync/messages';
import { DeviceKeyStore, type TillStore } from '../store';

/** What the sync client keeps in the till's settings table (JSON values, one key each). */
export interface Enrolment {
  serverUrl: string;
  serverPublicKey: string;
  townshipId: string;
  shopId: string;
  /** The device id this key was enrolled under (differs from store.deviceId right after a restore). */
  deviceId: string;
  privateKey: string;
  /** SHA-256 of the server's TLS certificate, pinned at enrolment (absent: plain HTTP or a CA-signed one). */
  tlsFingerprint?: string | null;
}

const K = {
  enrolment: 'sync.enrolment',
  pushedThrough: 'sync.pushed_through',
  cursor: 'sync.cursor',
  masterVersion: 'sync.master_version',
  lastSyncAt: 'sync.last_sync_at',
  clockOffset: 'sync.clock_offset_ms',
  overdrafts: 'sync.overdrafts',
  lockedPeriods: 'sync.locked_periods',
  pendingEpoch: 'sync.pending_epoch',
  pushInDoubt: 'sync.push_in_doubt',
} as const;

const withoutKey = ({ privateKey: _key, ...rest }: Enrolment): Omit<Enrolment, 'privateKey'> => rest;

/**
 * Private keys are never written to the database: they go to the device key file
 * (main/store/key-store.ts), so backups of the database cannot sign as this till.
 */
export class SyncSettings {
  private readonly keys: DeviceKeyStore;

  constructor(private readonly store: TillStore) {
    this.keys = new DeviceKeyStore(store.path);
  }

  /** Null also when the key file is missing (a backup restored on another machine): re-enrol. */
  get enrolment(): Enrolment | null {
    const stored = this.storedEnrolment();
    const privateKey = stored ? this.keys.get(stored.deviceId) : null;
    return stored && privateKey ? { ...stored, privateKey } : null;
  }
  set enrolment(v: Enrolment | null) {
    if (v) this.keys.set(v.deviceId, v.privateKey);
    this.store.setSetting(K.enrolment, v ? withoutKey(v) : null);
  }
  /** The device id of an enrolment whose key is not on this machine (it re-enrols naming it). */
  get keylessDeviceId(): string | null {
    const stored = this.storedEnrolment();
    return stored && !this.keys.get(stored.deviceId) ? stored.deviceId : null;
  }
  /** The enrolment as kept in the database; a key still stored there (older versions) moves out. */
  private storedEnrolment(): Omit<Enrolment, 'privateKey'> | null {
    const stored = this.store.getSetting<Enrolment>(K.enrolment);
    if (stored?.privateKey) {
      this.keys.set(stored.deviceId, stored.privateKey);
      this.store.setSetting(K.enrolment, withoutKey(stored));
    }
    return stored ? withoutKey(stored) : null;
  }
  /** Highest own seq the server confirmed holding. */
  get pushedThrough(): number {
    return this.store.getSetting<number>(K.pushedThrough) ?? 0;
  }
  set pushedThrough(v: number) {
    this.store.setSetting(K.pushedThrough, v);
  }
  /**
   * Set before a push goes out and cleared once it ends with every answer read: while set,
   * the server may hold a batch whose answer never came, so the next push asks its head first.
   */
  get pushInDoubt(): boolean {
    return this.store.getSetting<boolean>(K.pushInDoubt) ?? false;
  }
  set pushInDoubt(v: boolean) {
    this.store.setSetting(K.pushInDoubt, v);
  }
  get cursor(): number {
    return this.store.getSetting<number>(K.cursor) ?? 0;
  }
  set cursor(v: number) {
    this.store.setSetting(K.cursor, v);
  }
  get masterVersion(): number {
    return this.store.getSetting<number>(K.masterVersion) ?? 0;
  }
  set masterVersion(v: number) {
    this.store.setSetting(K.masterVersion, v);
  }
  get lastSyncAt(): number | null {
    return this.store.getSetting<number>(K.lastSyncAt);
  }
  set lastSyncAt(v: number | null) {
    this.store.setSetting(K.lastSyncAt, v);
  }
  get clockOffsetMs(): number {
    return this.store.getSetting<number>(K.clockOffset) ?? 0;
  }
  set clockOffsetMs(v: number) {
    this.store.setSetting(K.clockOffset, v);
  }
  /** Open overdrafts of the township as of the last pull, for the review banner. */
  get overdrafts(): Overdraft[] {
    return this.store.getSetting<Overdraft[]>(K.overdrafts) ?? [];
  }
  set overdrafts(v: Overdraft[]) {
    this.store.setSetting(K.overdrafts, v);
  }
  /** Key pair made for a new epoch, kept until the server confirms it. */
  get pendingEpoch(): { deviceId: string; publicKey: string; privateKey: string } | null {
    const stored = this.store.getSetting<{ deviceId: string; publicKey: string; privateKey?: string }>(
      K.pendingEpoch,
    );
    if (stored?.privateKey) this.keys.set(stored.deviceId, stored.privateKey);
    const privateKey = stored ? this.keys.get(stored.deviceId) : null;
    return stored && privateKey
      ? { deviceId: stored.deviceId, publicKey: stored.publicKey, privateKey }
      : null;
  }
  set pendingEpoch(v: { deviceId: string; publicKey: string; privateKey: string } | null) {
    if (v) this.keys.set(v.deviceId, v.privateKey);
    this.store.setSetting(K.pendingEpoch, v ? { deviceId: v.deviceId, publicKey: v.publicKey } : null);
  }
  get lockedPeriods(): string[] {
    return this.store.getSetting<string[]>(K.lockedPeriods) ?? [];
  }
  set lockedPeriods(v: string[]) {
    this.store.setSetting(K.lockedPeriods, v);
  }
}
