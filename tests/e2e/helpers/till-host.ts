import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEnv, bundleOnce } from '../../support/node-bundle';
import { FIXED_NOW } from '../../support/till-fixture';
import { buildRendererOnce } from './renderer-build';

/**
 * The browser host as a real child process (main/host/cli.ts, bundled for plain `node` as
 * the packaged app bundles its till service: decision 0653) on a free loopback port, with
 * its own temporary data directory. stop() ends exactly this process.
 */
export interface TillHost {
  url: string;
  origin: string;
  port: number;
  dataDir: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
  /** Stops and removes the data directory (also one passed in: restarts hand it on). */
  dispose(): Promise<void>;
}

export interface StartTillHostOptions {
  demo?: boolean;
  printerPort?: number;
  printerWidth?: 58 | 80;
  dataDir?: string;
  /** A fixed port (to restart on the same page origin); default a free one. */
  port?: number;
  reader?: string;
  /** The till's business clock starts at this instant (JIFEN_TEST_NOW_MS); default `testNowMs()`. */
  nowMs?: number;
  env?: Record<string, string>;
}

const processStartedWall = Date.now();

/**
 * Business time for a host that names none: the fixtures' Friday morning, running on from
 * when this test process started, so a restarted host carries on (never steps back) and
 * no counter test depends on today's date or on the hour the suite happens to run.
 */
export function testNowMs(): number {
  return FIXED_NOW + (Date.now() - processStartedWall);
}

export async function startTillHost(options: StartTillHostOptions = {}): Promise<TillHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'jifen-e2e-'));
  const staticDir = await buildRendererOnce();
  const args = [
    await bundleOnce('main/host/cli.ts'),
    '--port',
    String(options.port ?? 0),
    '--data-dir',
    dataDir,
    '--static',
    staticDir,
  ];
  if (options.demo ?? true) args.push('--demo');
  if (options.printerPort) {
    args.push(
      '--printer',
      `tcp:127.0.0.1:${options.printerPort}`,
      '--printer-width',
      String(options.printerWidth ?? 58),
    );
  }
  if (options.reader) args.push('--reader', options.reader);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: bundleEnv({
      ...process.env,
      JIFEN_TEST_NOW_MS: String(options.nowMs ?? testNowMs()),
      ...options.env,
    }),
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`till host did not start in 60 s:\n${output}`)), 60_000);
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-50_000);
      const m = /JIFEN_TILL_URL=(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`till host exited with ${code} at start-up:\n${output}`));
    });
  });

  const stop = async () => {
    process.off('exit', onExit);
    if (gone) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const origin = url.replace(/\/$/, '');
  return {
    url,
    origin,
    port: Number(new URL(url).port),
    dataDir,
    pid: child.pid ?? -1,
    output: () => output,
    stop,
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
