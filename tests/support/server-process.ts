import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { type Clock, clockStartingAt, systemClock } from '../../src/clock';

/**
 * The township server as a real child process on a loopback port this test owns.
 * `restart()` reuses the port and the database, so tills keep their configured URL
 * across a SIGKILL. `stop()` ends exactly this process (SIGKILL after 5 s).
 */
const ROOT = join(import.meta.dirname, '..', '..');

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  /** The server's business clock as this test sees it (it started at `nowMs` and runs on). */
  readonly clock: Clock;
  pid(): number;
  output(): string;
  /** Resolves once `text` appears in the server's stderr/stdout after this call. */
  waitFor(text: string): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s: Server = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export const OFFICER = { username: 'admin', password: 'correct-horse-battery' };

export async function startServer(opts: {
  dir: string;
  databaseUrl?: string;
  /** The instant the server's clock starts at (JIFEN_TEST_NOW_MS); default the system clock. */
  nowMs?: number;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  // A restart carries the clock on from where it is, so time never runs backwards.
  const clock: Clock = opts.nowMs === undefined ? systemClock : clockStartingAt(opts.nowMs);
  const clockEnv = (): Record<string, string> =>
    opts.nowMs === undefined ? {} : { JIFEN_TEST_NOW_MS: String(clock.now()) };
  let child: ChildProcess | null = null;
  let log = '';
  let waiters: { text: string; from: number; resolve: () => void }[] = [];
  const baseEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Plain HTTP is allowed on loopback only, and only when asked for (decision 0600).
    JIFEN_TLS: 'off',
    JIFEN_SERVER_DB: join(opts.dir, 'server.db'),
    JIFEN_BOOTSTRAP_OFFICER: `${OFFICER.username}:${OFFICER.password}`,
    DATABASE_URL: opts.databaseUrl ?? '',
  };
  const launch = (extra: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      // A restart appends to the same log: wait for this start's own "listening" line.
      const from = log.length;
      const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'index.ts')], {
        cwd: ROOT,
        env: { ...baseEnv, ...clockEnv(), ...opts.env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      const onData = (d: Buffer) => {
        log += d.toString();
        if (log.indexOf('"listening"', from) >= 0) resolve();
        waiters = waiters.filter((w) => {
          if (log.indexOf(w.text, w.from) >= 0) {
            w.resolve();
            return false;
          }
          return true;
        });
      };
      c.stdout?.on('data', onData);
      c.stderr?.on('data', onData);
      c.once('exit', (code, signal) =>
        reject(new Error(`server exited (${code ?? signal}) before listening:\n${log}`)),
      );
    });
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => c.once('exit', () => r()));
  const kill = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c) return;
    child = null;
    const done = exited(c);
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  };
  log = '';
  await launch({});
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clock,
    pid: () => child?.pid ?? -1,
    output: () => log,
    waitFor: (text) => new Promise((resolve) => waiters.push({ text, from: log.length, resolve })),
    kill,
    async restart(env = {}) {
      await kill('SIGTERM');
      await launch(env);
    },
    stop: () => kill('SIGTERM'),
  };
}

/** A JSON client for the officer API (logs in once, then sends the bearer token). */
export class OfficerApi {
  protected token = '';
  constructor(readonly url: string) {}

  async login(username = OFFICER.username, password = OFFICER.password): Promise<void> {
    const r = await this.call<{ token: string }>('POST', '/api/login', { username, password });
    this.token = r.token;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, path, body);
    const json = (await res.json()) as T & { error?: { code: string; en: string; details: unknown } };
    if (!res.ok)
      throw Object.assign(new Error(`${res.status} ${json.error?.code}: ${json.error?.en}`), {
        status: res.status,
        body: json,
      });
    return json;
  }

  raw(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}
