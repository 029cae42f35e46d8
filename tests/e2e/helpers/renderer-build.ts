import { resolve } from 'node:path';
import { build } from 'vite';
import { ownTempDir } from '../../support/own-temp-dir';

let built: Promise<string> | null = null;

/** Builds the renderer from the current sources into a temp dir, once per test process. */
export function buildRendererOnce(): Promise<string> {
  built ??= (async () => {
    const outDir = ownTempDir('jifen-renderer-');
    await build({
      configFile: resolve('vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
    return outDir;
  })();
  return built;
}
