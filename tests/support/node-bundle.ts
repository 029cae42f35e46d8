import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { ownTempDir } from './own-temp-dir';

const ROOT = join(import.meta.dirname, '..', '..');
/** The native modules stay outside the bundle, as in the packaged app (scripts/build-main.ts). */
const NATIVE = ['better-sqlite3', '@pokusew/pcsclite', 'nfc-pcsc'];
const built = new Map<string, Promise<string>>();
let dir: string | null = null;

/**
 * Bundles a TypeScript entry into one CommonJS file for plain `node`, once per test process,
 * the way the packaged app bundles the till service. A test that starts the same child many
 * times (the crash test: 50) then pays for tsx's loader once instead of at every start.
 * Run it with `bundleEnv()` so its native modules resolve from the project's node_modules.
 */
export function bundleOnce(entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    dir ??= ownTempDir('jifen-bundle-');
    const outfile = join(dir, `${basename(entry).replace(/\.ts$/, '')}.cjs`);
    out = build({
      entryPoints: [join(ROOT, entry)],
      outfile,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      external: NATIVE,
    }).then(() => outfile);
    built.set(entry, out);
  }
  return out;
}

/** The environment a bundle runs in: its native modules come from the project's node_modules. */
export function bundleEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, NODE_PATH: join(ROOT, 'node_modules') };
}
