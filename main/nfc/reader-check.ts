import type { CardReaderService, CardReaderStatus, CardTap } from './card-reader-service';
import { PcscCardReaderService } from './card-reader-service';

export interface ReaderCheckOptions {
  /** How long to wait for a reader to show up. Default 5000 ms. */
  startupTimeoutMs?: number;
  /** Wait this long for a test tap once a reader is there; 0 = no tap test. Default 0. */
  tapTimeoutMs?: number;
  preferredReader?: string | null;
  /** Called once the readers are known, e.g. to print "tap a card now". */
  onReady?: (status: CardReaderStatus) => void;
}

export interface ReaderCheckResult {
  status: CardReaderStatus;
  /** The PC/SC error behind the message, if any (technical, for the installer). */
  detail: string | null;
  /** The test tap, or null when none came in time (or none was asked for). */
  tap: CardTap | null;
}

/**
 * The hardware check (`npm run doctor`): lists the real readers with what is wrong in
 * plain words, and optionally reads one test tap. Never offers the simulated reader.
 */
export async function checkReaders(options: ReaderCheckOptions = {}): Promise<ReaderCheckResult> {
  const startupTimeoutMs = options.startupTimeoutMs ?? 5_000;
  const service = new PcscCardReaderService({
    simulated: false,
    preferredReader: options.preferredReader ?? null,
    startupTimeoutMs,
  });
  let tap: CardTap | null = null;
  service.on('tap', (t) => {
    tap ??= t;
  });
  try {
    const hasReader = () => service.status().readers.some((r) => r.active);
    await until(service, hasReader, startupTimeoutMs);
    options.onReady?.(service.status());
    const tapTimeoutMs = options.tapTimeoutMs ?? 0;
    if (tapTimeoutMs > 0 && hasReader()) await until(service, () => tap !== null, tapTimeoutMs);
    return { status: service.status(), detail: service.diagnostic(), tap };
  } finally {
    await service.close();
  }
}

/** Resolves when `done()` holds after some event of the service, or after `timeoutMs`. */
function until(service: CardReaderService, done: () => boolean, timeoutMs: number): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      offStatus();
      offTap();
      resolve();
    };
    const check = () => (done() ? finish() : undefined);
    const timer = setTimeout(finish, timeoutMs);
    const offStatus = service.on('status', check);
    const offTap = service.on('tap', check);
  });
}
