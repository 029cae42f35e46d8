import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const PREFIX = 'jifen-console-';
let built: Promise<string> | null = null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Builds the township console from the current sources into a temp dir, once per test process. */
export function buildConsoleOnce(): Promise<string> {
  built ??= (async () => {
    for (const name of readdirSync(tmpdir())) {
      const pid = Number(name.slice(PREFIX.length));
      if (name.startsWith(PREFIX) && Number.isInteger(pid) && !alive(pid))
        rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
    const outDir = join(tmpdir(), `${PREFIX}${process.pid}`);
    mkdirSync(outDir, { recursive: true });
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    await build({
      configFile: resolve('vite.config.ts'),
      mode: 'console',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
    return outDir;
  })();
  return built;
}
