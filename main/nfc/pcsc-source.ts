import type { NfcPcscModule } from './nfc-pcsc-types';
import { openSession, type PcscSession, type SessionHandlers } from './pcsc-session';
import { pcscServiceAnswers } from './pcscd-probe';

export type SourceState =
  | { kind: 'starting' }
  | { kind: 'running' }
  | { kind: 'binding-missing'; detail: string }
  | { kind: 'service-down' }
  | { kind: 'service-error'; detail: string };

export interface SourceHandlers extends Omit<SessionHandlers, 'failed'> {
  state(state: SourceState): void;
}

export interface SourceOptions {
  retryMs: number;
  /** How nfc-pcsc is loaded; a dynamic import so a till without the native binding still runs. */
  load?: () => Promise<NfcPcscModule>;
}

const loadNfcPcsc = async (): Promise<NfcPcscModule> =>
  (await import('nfc-pcsc')) as unknown as NfcPcscModule;

/**
 * Keeps one live nfc-pcsc session. nfc-pcsc never recovers from a pcscd restart (its
 * PC/SC context dies with the daemon), so on failure the whole NFC object is thrown
 * away and a new one made, once pcscd answers again, with exponential backoff capped
 * at 8 × retryMs.
 */
export class PcscSource {
  private session: PcscSession | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly h: SourceHandlers,
    private readonly options: SourceOptions,
  ) {}

  start(): void {
    this.h.state({ kind: 'starting' });
    void this.attempt();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.session?.close();
    this.session = null;
  }

  private async attempt(): Promise<void> {
    this.timer = null;
    let mod: NfcPcscModule;
    try {
      mod = await (this.options.load ?? loadNfcPcsc)();
    } catch (err) {
      // No retry: Node caches a failed import, so only a restart picks up a rebuilt binding.
      if (!this.closed) this.h.state({ kind: 'binding-missing', detail: describe(err) });
      return;
    }
    if (this.closed) return;
    if (!(await pcscServiceAnswers())) {
      if (this.closed) return;
      this.h.state({ kind: 'service-down' });
      this.retry(this.backoff());
      return;
    }
    if (this.closed) return;
    try {
      this.session = openSession(mod, {
        ...this.h,
        attached: (reader) => {
          // A reader seen is a session that works: start the backoff afresh next time.
          this.failures = 0;
          this.h.attached(reader);
        },
        failed: (err) => void this.sessionFailed(err),
      });
    } catch (err) {
      this.h.state({ kind: 'service-error', detail: describe(err) });
      this.retry(this.backoff());
      return;
    }
    this.h.state({ kind: 'running' });
  }

  private async sessionFailed(err: Error): Promise<void> {
    const session = this.session;
    this.session = null;
    if (!session) return;
    const lost = session.readers();
    session.close();
    for (const reader of lost) this.h.detached(reader);
    // Usually pcscd went away: say so now rather than after the first retry.
    const up = await pcscServiceAnswers();
    if (this.closed) return;
    this.h.state(up ? { kind: 'service-error', detail: err.message } : { kind: 'service-down' });
    this.retry(this.backoff());
  }

  private backoff(): number {
    const delay = this.options.retryMs * 2 ** Math.min(this.failures, 3);
    this.failures += 1;
    return delay;
  }

  private retry(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.attempt(), delayMs);
    // A till shutting down should not wait for the next retry.
    this.timer.unref();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
