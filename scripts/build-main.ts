/**
 * Bundles the Node side for the packaged app: the Electron shell, its preload, the till
 * service entry and the operator CLI, each one CommonJS file in dist/main/ (or `--out
 * <dir>`), and the verify and pull-check workers beside them. Native modules stay external:
 * electron-builder rebuilds them for Electron's ABI inside the package, while
 * node_modules keeps its system-Node builds for tests and the browser host.
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

/**
 * A CommonJS bundle has no import.meta: esbuild would leave it empty. The code that asks
 * for it (verify-parallel.ts, to find verify-worker.js beside itself) gets the bundle's
 * own file URL instead, which is where this script puts the worker.
 */
const importMetaUrl: BuildOptions = {
  define: { 'import.meta.url': '__bundle_url' },
  banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
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
    ...importMetaUrl,
    entryPoints: ['main/electron/service-entry.ts'],
    outfile: join(out, 'service.cjs'),
    target: 'node22',
  }),
  // `till verify|backup|restore|demo|doctor` from the package, under the app's own Node
  // (ELECTRON_RUN_AS_NODE=1), so the native modules match the ABI they were rebuilt for.
  build({
    ...common,
    ...importMetaUrl,
    entryPoints: ['main/cli/index.ts'],
    outfile: join(out, 'cli.cjs'),
    target: 'node22',
  }),
  // verifyFileParallel's worker thread imports `verify-worker.js` beside the bundle that
  // started it. The package is "type": "module", so a .js file is an ES module here;
  // createRequire serves the CommonJS dependencies bundled into it.
  build({
    ...common,
    format: 'esm',
    entryPoints: ['main/store/verify-worker.ts'],
    outfile: join(out, 'verify-worker.js'),
    target: 'node22',
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
  }),
  // The pull checks page n+1 on a worker thread (decision 0496): PageChecker starts
  // `check-worker-thread.js` beside the service bundle, an ES module like the verify worker.
  build({
    ...common,
    format: 'esm',
    entryPoints: ['main/sync/check-worker-thread.ts'],
    outfile: join(out, 'check-worker-thread.js'),
    target: 'node22',
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
  }),
  // A sandboxed preload may require only 'electron': everything else is bundled in.
  build({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: join(out, 'preload.cjs'),
    target: 'chrome140',
  }),
]);
