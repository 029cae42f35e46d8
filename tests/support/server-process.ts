import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { type Clock, clockStartingAt, systemClock } from '../../src/clock';
import { bundleEnv, bundleOnce } from './node-bundle';

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

/**
 * A loopback port no other socket holds, chosen below the kernel's ephemeral range.
 * A port from `listen(0)` is free only until it is closed: the kernel may hand it next
 * to any outgoing connection (a sync, a fetch) or another `listen(0)`, and a server
 * started on it a moment later fails with EADDRINUSE. Ports below the range are never
 * handed out that way, so only another test's choice can take one, and the bind here
 * checks that.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const floor = 10_000;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = floor + Math.floor(Math.random() * (low - floor));
    if (await canBind(port)) return port;
  }
  throw new Error(`no free loopback port in ${floor}–${low - 1}`);
}

function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (lo && hi && lo > 11_000) return [lo, hi];
  } catch {
    // Not Linux: fall back to the IANA dynamic range.
  }
  return [49_152, 65_535];
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s: Server = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
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
  let port = await freePort();
  // A restart carries the clock on from where it is, so time never runs backwards.
  const clock: Clock = opts.nowMs === undefined ? systemClock : clockStartingAt(opts.nowMs);
  const clockEnv = (): Record<string, string> =>
    opts.nowMs === undefined ? {} : { JIFEN_TEST_NOW_MS: String(clock.now()) };
  let child: ChildProcess | null = null;
  let log = '';
  let waiters: { text: string; from: number; resolve: () => void }[] = [];
  const baseEnv = () => ({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Plain HTTP is allowed on loopback only, and only when asked for (decision 0600).
    JIFEN_TLS: 'off',
    JIFEN_SERVER_DB: join(opts.dir, 'server.db'),
    JIFEN_BOOTSTRAP_OFFICER: `${OFFICER.username}:${OFFICER.password}`,
    DATABASE_URL: opts.databaseUrl ?? '',
  });
  // The server's source bundled, as `node` runs it: a start is about 0.7 s instead of the
  // 2–5 s that tsx's loader took over the same files (decision 0653).
  const bundle = await bundleOnce('server/index.ts');
  const launch = (extra: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      // A restart appends to the same log: wait for this start's own "listening" line.
      const from = log.length;
      // JIFEN_SERVER_NODE_ARGS: node flags for the server alone, e.g. `--cpu-prof --cpu-prof-dir=…`
      // to profile it under a bench (NODE_OPTIONS refuses --cpu-prof).
      const nodeArgs = process.env.JIFEN_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
      const c = spawn(process.execPath, [...nodeArgs, bundle], {
        cwd: ROOT,
        env: bundleEnv({ ...baseEnv(), ...clockEnv(), ...opts.env, ...extra }),
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
  // Another test may choose the same port between our bind check and the server's listen:
  // before the first start nothing is tied to the port yet, so take another.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch({});
      break;
    } catch (e) {
      if (attempt === 3 || !String(e).includes('EADDRINUSE')) throw e;
      port = await freePort();
      log = '';
    }
  }
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
