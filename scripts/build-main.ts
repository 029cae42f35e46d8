/**
 * Bundles the Node side for the packaged app: the Electron shell, its preload and the
 * till service entry, each one CommonJS file in dist/main/ (or `--out <dir>`). Native
 * modules stay external: electron-builder rebuilds them for Electron's ABI inside the
 * package, while node_modules keeps its system-Node builds for tests and the browser host.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BuildOptions, build } from 'esbuild';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist/main' } } });
const out = values.out;

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

rmSync(out, { recursive: true, force: true });

await Promise.all([
  // Electron 45 runs Node 22 in its main and utility processes.
  build({
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: join(out, 'electron.cjs'),
    target: 'node22',
  }),
  build({
    ...common,
    entryPoints: ['main/electron/service-entry.ts'],
    outfile: join(out, 'service.cjs'),
    target: 'node22',
  }),
  // A sandboxed preload may require only 'electron': everything else is bundled in.
  build({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: join(out, 'preload.cjs'),
    target: 'chrome140',
  }),
]);
