import type { PrinterStatusView } from '../../src/api/contract';
import type { Clock } from '../../src/clock';
import { ConnectionLost, type PrinterConnection } from './connection';
import { openDeviceFile } from './file-connection';
import type { PrinterState } from './printer-state';
import type { PrinterProfile } from './profile';
import type { PrintJobRow, PrintQueue } from './queue';
import { renderJob } from './render-job';
import { conditionOf } from './status';
import { openTcp } from './tcp-connection';
import type { Wait } from './wait';

/**
 * Job delivery: a single worker sends jobs oldest first. A job is marked done only when
 * the printer answers a GS r request placed after it (i.e. it has printed); before sending,
 * DLE EOT tells paper out or cover open and nothing is sent, so a recovered printer prints
 * the job once. A lost connection before that answer sends the job again on the next
 * attempt. What it learns of the printer goes into PrinterState.
 */

export interface PrinterTiming {
  connectTimeoutMs: number;
  statusTimeoutMs: number;
  /** First retry delay after a failure; doubles up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often status is asked while waiting for a printer to finish or recover. */
  statusPollMs: number;
  /**
   * A printer that never answers GS r is taken as done after this long in good health;
   * once it has shown that, after one healthy status poll.
   */
  silentPrinterMs: number;
  /** With nothing queued and the printer not ready, ask it again this often. */
  idleProbeMs: number;
}

export const DEFAULT_TIMING: PrinterTiming = {
  connectTimeoutMs: 3000,
  statusTimeoutMs: 1500,
  retryBaseMs: 1000,
  retryMaxMs: 15_000,
  statusPollMs: 1000,
  silentPrinterMs: 20_000,
  idleProbeMs: 30_000,
};

async function connect(profile: PrinterProfile, timing: PrinterTiming): Promise<PrinterConnection> {
  const c = profile.connection;
  if (c.type === 'tcp') return openTcp(c.host, c.port, timing.connectTimeoutMs);
  return openDeviceFile(c.path, c.type === 'serial' ? { baudRate: c.baudRate } : null);
}

export interface DeliveryOptions {
  state: PrinterState;
  queue: PrintQueue;
  timing: PrinterTiming;
  clock: Clock;
  /** Cut short by a new job, new settings or close. */
  wait: Wait;
  onPrinted(jobId: string): void;
}

export interface Delivery {
  /** Asks the printer now unless a job holds it; queued jobs are untouched. */
  probe(): Promise<PrinterStatusView>;
  /** Drops the connection in use (on close). */
  disconnect(): void;
  /** Settles when the worker has stopped (after state.closed). */
  running: Promise<void>;
}

export function startDelivery({ state, queue, timing, clock, wait, onPrinted }: DeliveryOptions): Delivery {
  /** A job attempt or a status probe holds the printer; never both (many accept one connection). */
  let busy = false;
  let probing: Promise<PrinterStatusView> | null = null;
  let current: PrinterConnection | null = null;
  const askStatus = async (conn: PrinterConnection) => {
    if (state.learnt.statusMisses >= 2) return null;
    const s = await conn.status(timing.statusTimeoutMs);
    state.learnt.statusMisses = s ? 0 : state.learnt.statusMisses + 1;
    return s;
  };

  /** Waits for the printer's "printed" answer, watching its status meanwhile. */
  const awaitPrinted = async (conn: PrinterConnection) => {
    const printed = conn.printed();
    printed.catch(() => {});
    let settled = false;
    printed.then(
      () => {
        settled = true;
        wait.interrupt();
      },
      () => {
        settled = true;
        wait.interrupt();
      },
    );
    let healthySince = Date.now();
    for (;;) {
      if (!settled) await wait.sleep(timing.statusPollMs);
      if (settled || state.closed) {
        if (settled) state.learnt.confirms = true;
        return printed;
      }
      const s = await askStatus(conn);
      const c = s ? conditionOf(s) : 'ready';
      if (c !== 'ready') healthySince = Date.now();
      state.condition = c;
      state.publish();
      const patience = state.learnt.confirms ? timing.silentPrinterMs : timing.statusPollMs;
      if (c === 'ready' && Date.now() - healthySince >= patience) {
        state.learnt.confirms = false;
        return 'printed';
      }
    }
  };

  /** One try at the oldest job: 'done', or the delay before the next try. */
  const attempt = async (job: PrintJobRow, p: PrinterProfile): Promise<'done' | 'retry' | 'poll'> => {
    let bytes: Buffer;
    try {
      bytes = renderJob(job, p, state, clock.now());
    } catch (e) {
      queue.markFailed(job.id, `render: ${(e as Error).message}`);
      return 'done';
    }
    let conn: PrinterConnection | null = null;
    try {
      conn = await connect(p, timing);
      current = conn;
      if (state.closed) return 'poll';
      const s = await askStatus(conn);
      if (s && conditionOf(s) !== 'ready') {
        state.condition = conditionOf(s);
        queue.markRetry(job.id, state.condition, clock.now());
        return 'poll';
      }
      // Before the first job on this profile, ask "printed?" with nothing to print: a printer
      // that confirms answers at once, one that never does is known before the first receipt
      // (else that receipt would show 打印中 for the whole silentPrinterMs).
      if (state.learnt.confirms && !state.learnt.asked) {
        state.learnt.asked = true;
        const answer = await Promise.race([
          conn.printed(),
          new Promise<'silent'>((r) => setTimeout(() => r('silent'), timing.statusTimeoutMs).unref?.()),
        ]);
        if (answer === 'silent') state.learnt.confirms = false;
      }
      state.condition = 'ready';
      state.sending = true;
      queue.markSending(job.id, clock.now());
      state.publish();
      await conn.write(bytes);
      await awaitPrinted(conn);
      if (state.closed) return 'poll';
      queue.markDone(job.id, clock.now());
      state.condition = 'ready';
      state.sending = false;
      state.publish();
      onPrinted(job.id);
      return 'done';
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
      if (state.closed) return 'poll';
      state.condition = 'offline';
      queue.markRetry(job.id, e.message, clock.now());
      return 'retry';
    } finally {
      state.sending = false;
      conn?.close();
      current = null;
      state.publish();
    }
  };

  const loop = async () => {
    let delay = timing.retryBaseMs;
    while (!state.closed) {
      const job = queue.oldestOpen();
      const p = state.profile;
      if (!job || !p) {
        state.publish();
        await wait.sleep(state.condition === 'ready' || !p ? 3_600_000 : timing.idleProbeMs);
        if (!state.closed && p && state.condition !== 'ready' && !queue.oldestOpen()) await probe();
        continue;
      }
      let outcome: 'done' | 'retry' | 'poll';
      if (probing) await probing.catch(() => {});
      busy = true;
      try {
        outcome = await attempt(job, p);
      } catch (e) {
        // Not a printer problem (the database, a bug): keep the job, never crash the till.
        console.error('printer: job', job.id, e);
        outcome = 'retry';
      } finally {
        busy = false;
      }
      if (outcome === 'done') {
        delay = timing.retryBaseMs;
        continue;
      }
      await wait.sleep(outcome === 'poll' ? timing.statusPollMs : delay);
      if (outcome === 'retry') delay = Math.min(delay * 2, timing.retryMaxMs);
    }
  };

  const probe = (): Promise<PrinterStatusView> => {
    const p = state.profile;
    if (!p || busy || state.closed) return Promise.resolve(state.view());
    probing ??= probeOnce(p).finally(() => {
      probing = null;
    });
    return probing;
  };

  const probeOnce = async (p: PrinterProfile): Promise<PrinterStatusView> => {
    try {
      const conn = await connect(p, timing);
      try {
        // Asked on purpose (hardware check, idle probe): always ask, and believe an answer.
        const s = await conn.status(timing.statusTimeoutMs);
        if (s) state.learnt.statusMisses = 0;
        state.condition = s ? conditionOf(s) : 'ready';
      } finally {
        conn.close();
      }
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
      state.condition = 'offline';
    }
    state.publish();
    // The idle worker sleeps long while all is well; a problem makes it look again soon.
    if (state.condition !== 'ready') wait.interrupt();
    return state.view();
  };

  return {
    probe,
    disconnect: () => current?.close(),
    running: loop(),
  };
}
