import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SerializedTillError } from '../../src/errors';

export interface PageCheckRequest {
  id: number;
  /** The answer's text, as read and signature-checked on the main thread. */
  text: string;
  deviceId: string;
}

/**
 * What the worker found in a page: each entry's canonical body text (null for this
 * device's own), and whether the schema left every entry exactly as parsed (only then
 * do the main thread's entries, parsed from the same text, stand checked); or the error
 * that refuses the page; or a fault of the worker itself (the page is checked in-thread).
 */
export type PageCheck =
  | { bodies: (string | null)[]; exact: boolean }
  | { refused: SerializedTillError }
  | { failed: string };

/**
 * Checks pull pages on one worker thread (check-worker-thread.ts) while the main thread
 * applies the page before (decision 0496). A page it cannot check (the worker would not
 * start, as in a bundle without the worker file, or stopped) resolves to null, and the
 * caller checks that page in-thread as before.
 */
export class PageChecker {
  private readonly worker: Worker | null;
  private readonly pending = new Map<number, (r: PageCheck | null) => void>();
  private nextId = 0;
  private broken = false;

  constructor() {
    let worker: Worker | null = null;
    try {
      worker = startWorker();
    } catch {
      this.broken = true;
    }
    this.worker = worker;
    if (!worker) return;
    worker.unref();
    worker.on('message', ({ id, result }: { id: number; result: PageCheck }) => {
      const done = this.pending.get(id);
      this.pending.delete(id);
      done?.(result);
    });
    const stop = () => {
      this.broken = true;
      for (const done of this.pending.values()) done(null);
      this.pending.clear();
    };
    worker.on('error', stop);
    worker.on('exit', stop);
  }

  check(text: string, deviceId: string): Promise<PageCheck | null> {
    if (this.broken || !this.worker) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker!.postMessage({ id, text, deviceId } satisfies PageCheckRequest);
    });
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.worker?.terminate();
  }
}

/**
 * The worker's young generation, in MB (V8's default for it is about 48). A page's parsed
 * entries, about 10 MB, stay live while they are checked, so each scavenge (several a page)
 * copied them again, and V8's GC helper threads took about 13 µs per pulled entry. At 64
 * they took about 10 (decision 0473). The worker lives for one pull; its memory goes back
 * when the pull ends.
 */
export const CHECK_WORKER_YOUNG_MB = 64;

/** Under tsx (tests, benches, dev) the worker registers tsx first; a build runs the .js beside this file. */
function startWorker(): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const file = new URL(`./check-worker-thread.${ts ? 'ts' : 'js'}`, import.meta.url).href;
  const resourceLimits = { maxYoungGenerationSizeMb: CHECK_WORKER_YOUNG_MB };
  if (!ts) return new Worker(new URL(file), { resourceLimits });
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return new Worker(
    `import(${JSON.stringify(api)}).then((t) => { t.register(); return import(${JSON.stringify(file)}); });`,
    { eval: true, resourceLimits },
  );
}
