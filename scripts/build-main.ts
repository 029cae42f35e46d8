/**
 * Bundles the Node side for the packaged app: the Electron shell, its preload and the
 * till service entry, each one CommonJS file in dist/main/. Native modules stay
 * external: electron-builder rebuilds them for Electron's ABI inside the package, while
 * node_modules keeps its system-Node builds for tests and the browser host.
 */
import { rmSync } from 'node:fs';
import { type BuildOptions, build } from 'esbuild';

const NATIVE = ['better-sqlite3', '@pokusew/pcsclite', 'nfc-pcsc'];

const common: BuildOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  sourcemap: true,
  logLevel: 'info',
  legalComments: 'none',
  external: ['electron', ...NATIVE],
};

rmSync('dist/main', { recursive: true, force: true });

await Promise.all([
  // Electron 45 runs Node 22 in its main and utility processes.
  build({
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: 'dist/main/electron.cjs',
    target: 'node22',
  }),
  build({
    ...common,
    entryPoints: ['main/electron/service-entry.ts'],
    outfile: 'dist/main/service.cjs',
    target: 'node22',
  }),
  // A sandboxed preload may require only 'electron': everything else is bundled in.
  build({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    target: 'chrome140',
  }),
]);
