import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const PREFIX = 'jifen-renderer-';
let built: Promise<string> | null = null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Builds left by test processes that have ended (workers may be killed, skipping exit hooks). */
function removeStaleBuilds(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(PREFIX.length));
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && !alive(pid)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/** Builds the renderer from the current sources into a temp dir, once per test process. */
export function buildRendererOnce(): Promise<string> {
  built ??= (async () => {
    removeStaleBuilds();
    const outDir = join(tmpdir(), `${PREFIX}${process.pid}`);
    mkdirSync(outDir, { recursive: true });
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    await build({
      configFile: resolve('vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
    return outDir;
  })();
  return built;
}
