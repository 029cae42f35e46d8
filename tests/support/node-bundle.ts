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
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Loader, type Plugin, version } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');
/** The native modules stay outside the bundle, as in the packaged app (scripts/build-main.ts). */
const NATIVE = ['better-sqlite3', '@pokusew/pcsclite', 'nfc-pcsc'];
/** Bundles shared by every test process on this machine, each named by the hash of what went into it. */
const CACHE = join(tmpdir(), 'jifen-bundles');
/** What npm writes on every install: a changed package can resolve differently without any source changing. */
const INSTALLED = join(ROOT, 'node_modules', '.package-lock.json');
/** Bump when the build options below change: they shape the bundle but are in no input. */
const OPTIONS = 'cjs-node20-meta-per-file-require-2';
const built = new Map<string, Promise<string>>();

/**
 * Bundles a TypeScript entry into one CommonJS file for plain `node`, the way the packaged
 * app bundles the till service, so a test that starts the child (the township server, the
 * crash test's writer) pays for neither tsx's loader nor a build at each start.
 *
 * The bundle is kept in the machine's temp dir under the hash of every file that went into
 * it (path and content, as read for the build), of the installed package list and of
 * esbuild's version and options. A later test process, or a clock-edge run, hashes those
 * files again: any edit, a new import (it is an edit) or an `npm install` gives another
 * hash and a fresh build, so a bundle can never be stale.
 * Run it with `bundleEnv()` so its native modules resolve from the project's node_modules.
 */
export function bundleOnce(entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    out = cachedOrBuilt(entry);
    built.set(entry, out);
  }
  return out;
}

/** The environment a bundle runs in: its native modules come from the project's node_modules. */
export function bundleEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, NODE_PATH: join(ROOT, 'node_modules') };
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The bundle's name: its inputs (path and content hash, sorted), the install and the build options. */
function keyOf(entry: string, inputs: Map<string, string>): string {
  const h = createHash('sha256');
  h.update(`${version}\0${OPTIONS}\0${ROOT}\0${entry}\0`);
  h.update(`${sha(readFileOrEmpty(INSTALLED))}\0`);
  for (const path of [...inputs.keys()].sort()) h.update(`${path}\0${inputs.get(path)}\0`);
  return h.digest('hex').slice(0, 40);
}

function readFileOrEmpty(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/** Where the last build of this entry in this tree listed its inputs. */
const manifestOf = (entry: string) => join(CACHE, `${sha(`${ROOT}\0${entry}`).slice(0, 24)}.json`);

function cached(entry: string): string | null {
  let paths: string[];
  try {
    paths = JSON.parse(readFileSync(manifestOf(entry), 'utf8')) as string[];
  } catch {
    return null;
  }
  const inputs = new Map<string, string>();
  for (const path of paths) {
    try {
      inputs.set(path, sha(readFileSync(path)));
    } catch {
      return null; // an input is gone: the imports changed
    }
  }
  const file = join(CACHE, `${keyOf(entry, inputs)}.cjs`);
  return existsSync(file) ? file : null;
}

/**
 * Reads every file itself, so the hash is of exactly the text that was bundled, and gives
 * each file its own `import.meta.dirname`/`url` (a CommonJS bundle has no `import.meta`;
 * the server finds its console, the till its verify worker, beside the source).
 */
function hashingLoader(inputs: Map<string, string>): Plugin {
  return {
    name: 'hash-inputs',
    setup(b) {
      b.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const bytes = readFileSync(args.path);
        inputs.set(args.path, sha(bytes));
        const loader: Loader = extname(args.path) === '.node' ? 'file' : 'default';
        let text = bytes.toString('utf8');
        if (!args.path.includes('node_modules') && text.includes('import.meta.')) {
          text = text
            .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
            .replaceAll('import.meta.filename', JSON.stringify(args.path))
            .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
          return { contents: text, loader };
        }
        return { contents: bytes, loader };
      });
    },
  };
}

async function cachedOrBuilt(entry: string): Promise<string> {
  const hit = cached(entry);
  if (hit) return hit;
  mkdirSync(CACHE, { recursive: true });
  const inputs = new Map<string, string>();
  const tmp = join(CACHE, `building-${process.pid}-${Math.random().toString(36).slice(2)}.cjs`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [resolve(ROOT, entry)],
    outfile: tmp,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external: NATIVE,
    // `import('nfc-pcsc')` becomes a require(), which finds the native modules through
    // NODE_PATH (bundleEnv); an import() from the temp dir would look only beside the bundle.
    supported: { 'dynamic-import': false },
    plugins: [hashingLoader(inputs)],
  });
  const file = join(CACHE, `${keyOf(entry, inputs)}.cjs`);
  // Renames are atomic: a process racing this one writes the same bundle under the same name.
  renameSync(tmp, file);
  const manifest = `${manifestOf(entry)}.${process.pid}`;
  writeFileSync(manifest, JSON.stringify([...inputs.keys()]));
  renameSync(manifest, manifestOf(entry));
  prune(statSync(file).mtimeMs);
  return file;
}

/**
 * Bundles built a week before this one belong to trees and sources long gone; one still in
 * use is built again by the next process that misses it. The age is measured against the
 * file just written, by the kernel's clock: the clock-edge runs move this process's clock
 * by years.
 */
function prune(nowMs: number): void {
  const weekBefore = nowMs - 7 * 24 * 3600_000;
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    try {
      if (statSync(path).mtimeMs < weekBefore) rmSync(path, { force: true });
    } catch {
      // another process pruned it first
    }
  }
}
