import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { build, type Plugin, version } from 'vite';
import { ownTempDir } from '../../support/own-temp-dir';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
/** Builds shared by every test process on this machine, each named by the hash of what went into it. */
const CACHE = join(tmpdir(), 'jifen-vite-builds');
/** What npm writes on every install: a changed package can build differently with no source changed. */
const INSTALLED = join(ROOT, 'node_modules', '.package-lock.json');
/** Bump when the build options below change: they shape the output but are in no input. */
const OPTIONS = 'no-sourcemap-1';

type Mode = 'renderer' | 'console';
const ROOTS: Record<Mode, string> = { renderer: 'renderer', console: 'server/console' };

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The renderer or the console, built by vite from the current sources once per machine and
 * source state, not once per e2e file (decision 0656): the output is kept under the hash of
 * every file the build read (from rollup's module graph, with the config, the HTML entry and
 * the tsconfig files), of the installed package list and of vite's version. A later process
 * hashes the files the last build listed: an edit, a new import (an edit of the importer)
 * or an install gives another name and a fresh build, so a build is never stale.
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
  const paths = [...read, ...alwaysRead(mode)].filter((p) => existsSync(p)).sort();
  const dir = join(CACHE, keyOf(mode, hashes(paths)!));
  mkdirSync(CACHE, { recursive: true });
  try {
    if (!existsSync(dir)) renameSync(outDir, dir);
  } catch {
    // Another process put the same build there first: theirs is the same output.
  }
  writeFileSync(`${manifestOf(mode)}.tmp-${process.pid}`, JSON.stringify([...new Set(paths)]));
  renameSync(`${manifestOf(mode)}.tmp-${process.pid}`, manifestOf(mode));
  prune(dir);
  return existsSync(dir) ? dir : outDir;
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

/** Every real file in the module graph outside node_modules (the install's hash covers those). */
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

const manifestOf = (mode: Mode) => join(CACHE, `${sha(`${ROOT}\0${mode}`).slice(0, 24)}.json`);

function hashes(paths: string[]): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const p of paths) {
    try {
      out.set(p, sha(readFileSync(p)));
    } catch {
      return null; // an input is gone: the imports changed
    }
  }
  return out;
}

function keyOf(mode: Mode, inputs: Map<string, string>): string {
  const h = createHash('sha256');
  h.update(`${version}\0${OPTIONS}\0${ROOT}\0${mode}\0`);
  h.update(`${existsSync(INSTALLED) ? sha(readFileSync(INSTALLED)) : ''}\0`);
  for (const p of [...inputs.keys()].sort()) h.update(`${p}\0${inputs.get(p)}\0`);
  return `${mode}-${h.digest('hex').slice(0, 40)}`;
}

function cached(mode: Mode): string | null {
  let paths: string[];
  try {
    paths = JSON.parse(readFileSync(manifestOf(mode), 'utf8')) as string[];
  } catch {
    return null;
  }
  const inputs = hashes(paths);
  if (!inputs) return null;
  const dir = join(CACHE, keyOf(mode, inputs));
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/** Keeps the cache small: builds of this mode a week older than the one just made go (by the files' own times, as the clock-edge runs fake the clock). */
function prune(keep: string): void {
  const name = keep.slice(CACHE.length + 1);
  const prefix = name.slice(0, name.indexOf('-') + 1);
  let newest: number;
  try {
    newest = statSync(keep).mtimeMs;
  } catch {
    return;
  }
  for (const f of readdirSync(CACHE)) {
    if (f === name || !f.startsWith(prefix) || f.endsWith('.json')) continue;
    try {
      if (newest - statSync(join(CACHE, f)).mtimeMs > 7 * 24 * 3600_000)
        rmSync(join(CACHE, f), { recursive: true, force: true });
    } catch {
      // Gone already: another process pruned it.
    }
  }
}
