import type { Overdraft } from '../../src/sync/messages';
import type { TillStore } from '../store';

/** What the sync client keeps in the till's settings table (JSON values, one key each). */
export interface Enrolment {
  serverUrl: string;
  serverPublicKey: string;
  townshipId: string;
  shopId: string;
  /** The device id this key was enrolled under (differs from store.deviceId right after a restore). */
  deviceId: string;
  privateKey: string;
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
} as const;

export class SyncSettings {
  constructor(private readonly store: TillStore) {}

  get enrolment(): Enrolment | null {
    return this.store.getSetting<Enrolment>(K.enrolment);
  }
  set enrolment(v: Enrolment | null) {
    this.store.setSetting(K.enrolment, v);
  }
  /** Highest own seq the server confirmed holding. */
  get pushedThrough(): number {
    return this.store.getSetting<number>(K.pushedThrough) ?? 0;
  }
  set pushedThrough(v: number) {
    this.store.setSetting(K.pushedThrough, v);
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
    return this.store.getSetting(K.pendingEpoch);
  }
  set pendingEpoch(v: { deviceId: string; publicKey: string; privateKey: string } | null) {
    this.store.setSetting(K.pendingEpoch, v);
  }
  get lockedPeriods(): string[] {
    return this.store.getSetting<string[]>(K.lockedPeriods) ?? [];
  }
  set lockedPeriods(v: string[]) {
    this.store.setSetting(K.lockedPeriods, v);
  }
}
