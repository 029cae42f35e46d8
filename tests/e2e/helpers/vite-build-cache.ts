import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { build, type Plugin, version } from 'vite';
import { ContentCache } from '../../support/content-cache';
import { ownTempDir } from '../../support/own-temp-dir';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
/** Bump when the build options below change: they shape the output but are in no input. */
const OPTIONS = 'no-sourcemap-1';
/** Builds shared by every test process on this machine, each named by the hash of what went into it. */
const CACHE = new ContentCache('jifen-vite-builds', `vite ${version}\0${OPTIONS}`);

type Mode = 'renderer' | 'console';
const ROOTS: Record<Mode, string> = { renderer: 'renderer', console: 'server/console' };

/**
 * The renderer or the console, built by vite from the current sources once per machine and
 * source state, not once per e2e file (decision 0656). The inputs are every real file in
 * rollup's module graph outside node_modules (the install's hash covers those), with the
 * config, the tsconfig files, the HTML entry and any `.env` file of the root; see
 * ContentCache for why a build can never be stale.
 */
export async function viteBuildCached(mode: Mode): Promise<string> {
  const hit = cached(mode);
  if (hit) return hit;
  const outDir = ownTempDir(`jifen-${mode}-`);
  const read = new Set<string>();
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    ...(mode === 'console' ? { mode: 'console' } : {}),
    logLevel: 'warn',
    plugins: [recordInputs(read)],
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  const paths = [...read, ...alwaysRead(mode)].filter((p) => existsSync(p));
  const inputs = CACHE.hashesOf(paths);
  if (!inputs) return outDir;
  const dir = join(CACHE.dir, `${mode}-${CACHE.key(mode, inputs)}`);
  // A fresh machine has no cache folder yet: without it the rename fails and nothing is kept.
  mkdirSync(CACHE.dir, { recursive: true });
  try {
    if (!existsSync(dir)) renameSync(outDir, dir);
  } catch {
    // Another process put the same build there first: theirs is the same output.
  }
  if (!existsSync(join(dir, 'index.html'))) return outDir;
  CACHE.list(mode, inputs.keys());
  CACHE.prune(dir);
  return dir;
}

function cached(mode: Mode): string | null {
  const inputs = CACHE.listedInputs(mode);
  if (!inputs) return null;
  const dir = join(CACHE.dir, `${mode}-${CACHE.key(mode, inputs)}`);
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/** What shapes a build besides the modules it imports. */
function alwaysRead(mode: Mode): string[] {
  const root = join(ROOT, ROOTS[mode]);
  return [
    join(ROOT, 'vite.config.ts'),
    join(ROOT, 'tsconfig.json'),
    join(root, 'tsconfig.json'),
    join(root, 'index.html'),
    ...readdirSync(root)
      .filter((f) => f.startsWith('.env'))
      .map((f) => join(root, f)),
  ];
}

/** Every real file in the module graph outside node_modules. */
function recordInputs(read: Set<string>): Plugin {
  return {
    name: 'record-inputs',
    apply: 'build',
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const path = id.split('?')[0]!;
        if (id.startsWith('\0') || !isAbsolute(path) || path.includes('/node_modules/')) continue;
        read.add(path);
      }
    },
  };
}
