import type { SyncStatusView } from '../../src/api/contract';
import type { Clock } from '../../src/clock';
import { TillError } from '../../src/errors';
import {
  type EnrollResponse,
  type HeadResponse,
  HeadResponseSchema,
  MAX_PUSH_BATCH,
  type PushResponse,
} from '../../src/sync/messages';
import { refusalReason } from '../../src/sync/refusals';
import { keyFingerprint } from '../../src/sync/setup-file';
import type { TillStatus } from '../../src/sync/till-status';
import { barcodeClashNotice } from '../stock/barcode-clashes';
import type { TillStore } from '../store';
import { type Identity, JsonText, type RequestPacking, SyncConnection, SyncOffline } from './connection';
import { enrolOnline, pendingCode, setPendingCode } from './enroll';
import { newDeviceKeys } from './keys';
import { pullPages } from './pull';
import { foreignReader, journalReader, type PushRead, pushRequestText } from './push-batch';
import { FIRST_PUSH_BATCH, nextPushBatch, pushLimitOf, withinTextCap } from './push-size';
import { type Enrolment, SyncSettings } from './settings';

export interface SyncClientOptions {
  store: TillStore;
  clock: Clock;
  /**
   * Entries per push request, fixed. Without it a push starts at FIRST_PUSH_BATCH and
   * grows after fast answers up to what the server takes (decision 0452).
   */
  batchSize?: number;
  /** Entries per pull page asked for; default: as many as the server gives (MAX_PULL_PAGE). */
  pullPage?: number;
  /** Pause between background syncs when all is well. */
  intervalMs?: number;
  /** Backoff after a failure doubles from here up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** What the till says about itself with each pull (version, reader and printer problems). */
  tillStatus?: () => TillStatus;
}

type Listener = (s: SyncStatusView) => void;

const MESSAGES = {
  offline: { zh: '连不上乡镇服务器，离线营业中', en: 'Township server unreachable; trading offline' },
  notEnrolled: { zh: '收银机尚未登记到乡镇服务器', en: 'This till is not enrolled with the township server' },
};

/**
 * The till's sync client: pushes its journal in seq order, pulls master data and other
 * devices' entries, keeps a status for the UI and runs in the background with backoff.
 * Every step is idempotent, so a lost answer or a kill at any point is repaired by the
 * next run.
 */
export class SyncClient {
  private readonly store: TillStore;
  private readonly clock: Clock;
  private readonly settings: SyncSettings;
  private readonly opts: Required<
    Omit<SyncClientOptions, 'store' | 'clock' | 'tillStatus' | 'pullPage' | 'batchSize'>
  >;
  private readonly fixedBatch: number | undefined;
  private readonly pullPage: number | undefined;
  private readonly tillStatus: (() => TillStatus) | undefined;
  private state: SyncStatusView['state'];
  private message: SyncStatusView['message'] = null;
  private running: Promise<SyncStatusView> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = true;
  private readonly listeners = new Set<Listener>();
  /** What the server's answers taught about packing requests, kept from one sync to the next (0498). */
  private readonly packing: RequestPacking = { coding: 'gzip' };

  constructor(options: SyncClientOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.settings = new SyncSettings(options.store);
    this.tillStatus = options.tillStatus;
    this.pullPage = options.pullPage;
    this.fixedBatch =
      options.batchSize === undefined ? undefined : Math.min(options.batchSize, MAX_PUSH_BATCH);
    this.opts = {
      intervalMs: options.intervalMs ?? 60_000,
      minBackoffMs: options.minBackoffMs ?? 5_000,
      maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
    };
    this.state = this.settings.enrolment ? 'idle' : 'not-enrolled';
    if (!this.settings.enrolment) this.message = MESSAGES.notEnrolled;
  }

  status(): SyncStatusView {
    return {
      state: this.state,
      lastSyncAt: this.settings.lastSyncAt,
      pendingEntries: Math.max(0, this.store.lastSeq() - this.pushedThroughForCurrentEpoch()),
      message: this.message,
    };
  }

  onStatus(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers this till with a one-time code from a township officer, the server key
   * pinned to `fingerprint` (see enroll.ts). Without one (tests that drive the client
   * directly) the key /health names is taken as it is; the till API always passes one.
   */
  async enroll(serverUrl: string, code: string, name: string, fingerprint?: string): Promise<EnrollResponse> {
    const expected =
      fingerprint ??
      keyFingerprint(
        (await this.connection(serverUrl).get<{ serverPublicKey: string }>('/health')).serverPublicKey,
      );
    const res = await enrolOnline(this.store, this.clock, { serverUrl, code, fingerprint: expected, name });
    this.setState('idle', null);
    return res;
  }

  /** One full sync now (push then pull); concurrent callers share the run in progress. */
  syncNow(): Promise<SyncStatusView> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Background syncing: every intervalMs, backing off exponentially (with jitter) after failures. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.syncNow().then(() => {
        const backoff = Math.min(
          this.opts.maxBackoffMs,
          this.opts.minBackoffMs * 2 ** Math.max(0, this.failures - 1),
        );
        const next = this.failures === 0 ? this.opts.intervalMs : backoff * (0.75 + Math.random() * 0.5);
        this.schedule(next);
      });
    }, delay);
    this.timer.unref();
  }

  private async run(): Promise<SyncStatusView> {
    const enrolment = this.settings.enrolment;
    if (!enrolment) {
      this.setState('not-enrolled', MESSAGES.notEnrolled);
      return this.status();
    }
    this.setState('syncing', null);
    try {
      await this.completeSetupFileEnrolment(enrolment);
      const current = await this.continueEpoch(enrolment);
      await this.push(current);
      await this.pull(current);
      this.settings.lastSyncAt = this.clock.now();
      this.failures = 0;
      const open = this.settings.overdrafts.length;
      this.setState(
        'idle',
        open > 0
          ? { zh: `有 ${open} 笔透支待乡镇审核`, en: `${open} overdraft(s) await township review` }
          : barcodeClashNotice(this.store.db),
      );
    } catch (e) {
      this.failures++;
      if (e instanceof SyncOffline) this.setState('offline', MESSAGES.offline);
      else if (e instanceof TillError) this.setState('error', { zh: e.zh, en: e.en });
      else this.setState('error', { zh: `同步出错：${String(e)}`, en: `Sync failed: ${String(e)}` });
    }
    return this.status();
  }

  /**
   * After a restore the store runs under a new device id while the key still belongs to
   * the old one: first push the old epoch's remaining entries (kept as foreign entries)
   * under the old identity, then move the enrolment to the new id, signed by the old key.
   */
  private async continueEpoch(enrolment: Enrolment): Promise<Enrolment> {
    if (enrolment.deviceId === this.store.deviceId) return enrolment;
    const old = enrolment.deviceId;
    const oldEntries = foreignReader(this.store, old);
    // The new key is kept before asking, so a retry after a lost answer asks the same.
    let keys = this.settings.pendingEpoch;
    if (keys?.deviceId !== this.store.deviceId) {
      keys = { deviceId: this.store.deviceId, ...newDeviceKeys() };
      this.settings.pendingEpoch = keys;
    }
    try {
      await this.pushFrom(enrolment, oldEntries);
    } catch (e) {
      // Already moved on at the server: the epoch request below is then a harmless repeat.
      if (refusalReason(e) !== 'superseded') throw e;
    }
    const res = await this.connection(enrolment.serverUrl, enrolment.tlsFingerprint).signed<EnrollResponse>(
      this.identity(enrolment),
      '/sync/epoch',
      {
        newDeviceId: this.store.deviceId,
        publicKey: keys.publicKey,
      },
    );
    const next: Enrolment = { ...enrolment, deviceId: res.deviceId, privateKey: keys.privateKey };
    this.store.transaction(() => {
      this.settings.enrolment = next;
      this.settings.pushedThrough = 0;
      this.settings.pendingEpoch = null;
    });
    return next;
  }

  /**
   * A till set up from a file holds its key and master data but is not known online yet:
   * its first sync enrols it with the file's code. A code the township already used for
   * this till (its USB bundle was imported) is done with.
   */
  private async completeSetupFileEnrolment(enrolment: Enrolment): Promise<void> {
    const code = pendingCode(this.store);
    if (!code) return;
    try {
      await enrolOnline(this.store, this.clock, {
        serverUrl: enrolment.serverUrl,
        code,
        fingerprint: keyFingerprint(enrolment.serverPublicKey),
        tls: enrolment.tlsFingerprint ?? null,
        name: this.store.getSetting<string>('device.name') ?? '收银机',
      });
    } catch (e) {
      const reason = refusalReason(e);
      if (reason !== 'bad-code' && reason !== 'device-exists') throw e;
      setPendingCode(this.store, null);
    }
  }

  private async push(enrolment: Enrolment): Promise<void> {
    // The head goes with every batch: the server judges month close by it (decision 0411).
    await this.pushFrom(enrolment, journalReader(this.store), this.store.lastSeq());
  }

  /**
   * Pushes the batches after pushed_through one request at a time, each answered before
   * the next goes, so a batch stays one atomic server transaction and pushed_through moves
   * only with an answer read (decision 0470). While the server stores batch n, the till
   * reads, writes, signs and packs batch n+1 (decision 0490); that one is thrown away
   * unless batch n was stored whole. A full batch answered fast makes the next one bigger,
   * up to the limit the server names, and a slow answer makes it smaller (decision 0452).
   */
  private async pushFrom(enrolment: Enrolment, read: PushRead, head?: number): Promise<void> {
    const conn = this.connection(enrolment.serverUrl, enrolment.tlsFingerprint);
    const identity = this.identity(enrolment);
    if (this.settings.pushInDoubt) await this.catchUpToServerHead(conn, enrolment, read);
    let limit = pushLimitOf(undefined);
    let size = this.fixedBatch ?? FIRST_PUSH_BATCH;
    const prepare = (after: number) => {
      const asked = size;
      const batch = withinTextCap(read(after, asked));
      if (batch.length === 0) return null;
      const request = conn.prepareSigned(identity, '/sync/push', new JsonText(pushRequestText(batch, head)));
      return { after, last: batch[batch.length - 1]!.seq, full: batch.length === asked, request };
    };
    let resyncs = 0;
    let current = prepare(this.settings.pushedThrough);
    while (current) {
      if (!this.settings.pushInDoubt) this.settings.pushInDoubt = true;
      let next: ReturnType<typeof prepare> | undefined;
      let nextFailed: unknown;
      const ahead = () => {
        try {
          next = prepare(current!.last);
        } catch (e) {
          nextFailed = e;
        }
      };
      try {
        const sentAt = performance.now();
        const res = await conn.sendSigned<PushResponse>(current.request, ahead);
        this.settings.pushedThrough = Math.max(this.settings.pushedThrough, res.lastSeq);
        if (res.lastSeq < current.last) throw new Error('server did not take the batch');
        if (this.fixedBatch === undefined) {
          limit = pushLimitOf(res.maxBatch);
          if (current.full) size = nextPushBatch(size, performance.now() - sentAt, limit);
        }
      } catch (e) {
        // The server says where its copy of our chain ends: resend from there.
        const expected = e instanceof TillError ? e.details.expectedSeq : undefined;
        if (refusalReason(e) === 'seq-gap' && typeof expected === 'number' && resyncs++ < 3) {
          this.settings.pushedThrough = expected - 1;
          current = prepare(this.settings.pushedThrough);
          continue;
        }
        throw e;
      }
      if (nextFailed !== undefined) throw nextFailed;
      // Made ahead from the batch just stored: still the one to send unless the answer
      // said otherwise (then read again from where the server is).
      current =
        next && next.after === this.settings.pushedThrough ? next : prepare(this.settings.pushedThrough);
    }
    if (this.settings.pushInDoubt) this.settings.pushInDoubt = false;
  }

  /**
   * A push whose answer was lost may have been stored: ask the server's head for this
   * device (a signed read, its answer signed for this request) and move pushed_through up
   * to it, so nothing the server holds goes again. Only a head whose hash is this till's
   * own entry at that seq counts; anything else is left to the push, whose resend check
   * refuses a different chain as before.
   */
  private async catchUpToServerHead(
    conn: SyncConnection,
    enrolment: Enrolment,
    read: PushRead,
  ): Promise<void> {
    const head = HeadResponseSchema.parse(
      await conn.signed<HeadResponse>(this.identity(enrolment), '/sync/head', {}),
    );
    if (head.lastSeq <= this.settings.pushedThrough) return;
    const own = read(head.lastSeq - 1, 1)[0];
    if (own?.seq === head.lastSeq && own.hash === head.lastHash) this.settings.pushedThrough = head.lastSeq;
  }

  private pull(enrolment: Enrolment): Promise<void> {
    return pullPages({
      store: this.store,
      settings: this.settings,
      conn: this.connection(enrolment.serverUrl, enrolment.tlsFingerprint),
      identity: this.identity(enrolment),
      pullPage: this.pullPage,
      tillStatus: this.tillStatus,
    });
  }

  private pushedThroughForCurrentEpoch(): number {
    const e = this.settings.enrolment;
    return e && e.deviceId !== this.store.deviceId ? 0 : this.settings.pushedThrough;
  }

  private identity(e: Enrolment): Identity {
    return { deviceId: e.deviceId, privateKey: e.privateKey, serverPublicKey: e.serverPublicKey };
  }

  private connection(serverUrl: string, tlsFingerprint: string | null = null): SyncConnection {
    return new SyncConnection({
      serverUrl,
      tlsFingerprint,
      packing: this.packing,
      clock: this.clock,
      clockOffsetMs: () => this.settings.clockOffsetMs,
      onClockOffset: (ms) => {
        this.settings.clockOffsetMs = ms;
      },
    });
  }

  private setState(state: SyncStatusView['state'], message: SyncStatusView['message']): void {
    this.state = state;
    this.message = message;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
