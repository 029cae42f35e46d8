import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Loader, type Plugin, version } from 'esbuild';
import { ContentCache, sha } from './content-cache';

const ROOT = join(import.meta.dirname, '..', '..');
/** The native modules stay outside the bundle, as in the packaged app (scripts/build-main.ts). */
const NATIVE = ['better-sqlite3', '@pokusew/pcsclite', 'nfc-pcsc'];
/** Bump when the build options below change: they shape the bundle but are in no input. */
const OPTIONS = 'cjs-node20-meta-per-file-require-2';
/** Bundles shared by every test process on this machine, each named by the hash of what went into it. */
const CACHE = new ContentCache('jifen-bundles', `esbuild ${version}\0${OPTIONS}`);
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

function cached(entry: string): string | null {
  const inputs = CACHE.listedInputs(entry);
  if (!inputs) return null;
  const file = join(CACHE.dir, `${CACHE.key(entry, inputs)}.cjs`);
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
  mkdirSync(CACHE.dir, { recursive: true });
  const inputs = new Map<string, string>();
  const tmp = join(CACHE.dir, `building-${process.pid}-${Math.random().toString(36).slice(2)}.cjs`);
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
  const file = join(CACHE.dir, `${CACHE.key(entry, inputs)}.cjs`);
  // Renames are atomic: a process racing this one writes the same bundle under the same name.
  renameSync(tmp, file);
  CACHE.list(entry, inputs.keys());
  CACHE.prune(file);
  return file;
}
