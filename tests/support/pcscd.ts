import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refuseOutsidePcscLane } from './test-lane';
import { VPCD_BASE_PORT } from './virtual-card';

/**
 * Runs the real PC/SC daemon for a test: `pcscd -f` as a child process this test owns,
 * with the vpcd virtual-reader driver, so `placeCard()` (./virtual-card.ts) can tap
 * cards that nfc-pcsc reads through the real stack.
 *
 *   const pcscd = await startPcscd();          // fails with the apt-get command if packages are missing
 *   const card = await placeCard({ uid: '04A1B2C3' });
 *   ...
 *   await pcscd.stop();                        // in afterAll / finally: stops exactly this pcscd
 *
 * Readers: "Virtual PCD 00 00" (card port 35963) and "Virtual PCD 00 01" (35964).
 * The daemon gets its own reader.conf.d in a temp dir (`pcscd -c`), so the test never
 * writes to /etc and the two readers exist whatever /etc/reader.conf.d holds. vpcd
 * listens on all interfaces (the driver has no loopback-only option); nothing else
 * the test starts is reachable from outside.
 *
 * pcscd's client socket path is fixed (/run/pcscd/pcscd.comm), so only one pcscd can
 * run per machine. Test runs take turns: startPcscd waits (up to `waitMs`) for a
 * machine-wide turn (a lock directory naming its owner pid, freed when the owner stops
 * its pcscd or dies) and for any other pcscd to go away, then fails naming it. On a
 * systemd desktop run `systemctl stop pcscd.socket pcscd.service` first.
 */

export const PCSC_PACKAGES_COMMAND =
  'apt-get update && apt-get install -y pcscd libpcsclite-dev vsmartcard-vpcd';
export const PCSCD_SOCKET = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
export const VIRTUAL_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;

const PCSCD_CANDIDATES = ['/usr/sbin/pcscd', '/usr/local/sbin/pcscd'];
const VPCD_DRIVER_CANDIDATES = [
  '/usr/lib/pcsc/drivers/serial/libifdvpcd.so',
  '/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so',
];

export interface Pcscd {
  readonly pid: number;
  /** Everything pcscd printed so far (for failure messages). */
  output(): string;
  /**
   * Stops this pcscd, waits until its socket and ports are dead, and gives the turn back.
   * signal 'SIGKILL' plays a crash (socket file left behind); default SIGTERM (SIGKILL
   * after 5 s). keepTurn: true when the test will start pcscd again itself.
   */
  stop(options?: { signal?: 'SIGTERM' | 'SIGKILL'; keepTurn?: boolean }): Promise<void>;
}

/** Throws, naming the exact install command, when pcscd or the vpcd driver is missing. */
export function requirePcscStack(): { pcscd: string; vpcdDriver: string } {
  const pcscd = PCSCD_CANDIDATES.find((p) => existsSync(p));
  const vpcdDriver = VPCD_DRIVER_CANDIDATES.find((p) => existsSync(p));
  if (!pcscd || !vpcdDriver) {
    const missing = [!pcscd && 'pcscd', !vpcdDriver && 'vsmartcard-vpcd (vpcd driver)']
      .filter(Boolean)
      .join(', ');
    throw new Error(`PC/SC test stack missing: ${missing}. Install it as root:\n  ${PCSC_PACKAGES_COMMAND}`);
  }
  return { pcscd, vpcdDriver };
}

export interface StartPcscdOptions {
  /** false = pcscd with no readers at all, to see what the till says then. Default true. */
  virtualReaders?: boolean;
  /** How long to wait for another test run's pcscd to finish. Default 240 s. */
  waitMs?: number;
}

export async function startPcscd(options: StartPcscdOptions = {}): Promise<Pcscd> {
  refuseOutsidePcscLane('startPcscd');
  const withReaders = options.virtualReaders ?? true;
  const { pcscd, vpcdDriver } = requirePcscStack();
  const deadline = Date.now() + (options.waitMs ?? 240_000);
  await takeTurn(deadline);
  while (await socketAnswers(PCSCD_SOCKET)) {
    if (Date.now() > deadline) {
      throw new Error(
        `another pcscd is already serving ${PCSCD_SOCKET} (pids: ${pcscdPids().join(', ') || 'unknown'}); ` +
          'tests start and stop their own: stop that one first (kill <pid>, or systemctl stop pcscd.socket pcscd.service)',
      );
    }
    await sleep(500);
  }

  const configDir = mkdtempSync(join(tmpdir(), 'jifen-pcscd-'));
  if (withReaders) {
    writeFileSync(
      join(configDir, 'vpcd'),
      [
        'FRIENDLYNAME "Virtual PCD"',
        `DEVICENAME   /dev/null:0x${VPCD_BASE_PORT.toString(16).toUpperCase()}`,
        `LIBPATH      ${vpcdDriver}`,
        `CHANNELID    0x${VPCD_BASE_PORT.toString(16).toUpperCase()}`,
        '',
      ].join('\n'),
    );
  }

  const child = spawn(pcscd, ['-f', ...(process.env.PCSCD_DEBUG ? ['-d', '-a'] : []), '-c', configDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  // If the test process ends without calling stop(), still take our pcscd down with it.
  const onExit = () => killQuietly(child, 'SIGTERM');
  process.once('exit', onExit);

  const stop = async ({ signal = 'SIGTERM', keepTurn = false }: Parameters<Pcscd['stop']>[0] = {}) => {
    await cleanup(signal);
    if (!keepTurn) giveTurnBack();
  };
  const cleanup = async (signal: 'SIGTERM' | 'SIGKILL') => {
    process.off('exit', onExit);
    if (!hasExited) {
      killQuietly(child, signal);
      const timer = setTimeout(() => killQuietly(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(configDir, { recursive: true, force: true });
    await waitFor(
      async () => !(await socketAnswers(PCSCD_SOCKET)) && !vpcdPortsListening(),
      10_000,
      'pcscd to release its socket and ports',
    );
  };

  try {
    await waitFor(
      async () => {
        if (hasExited) throw new Error(`pcscd exited at start-up:\n${output}`);
        return (await socketAnswers(PCSCD_SOCKET)) && (!withReaders || vpcdPortsListening());
      },
      15_000,
      'pcscd to serve its socket and vpcd to listen',
    );
  } catch (err) {
    await stop({ signal: 'SIGKILL' });
    throw err;
  }

  return { pid: child.pid ?? -1, output: () => output, stop };
}

const TURN_DIR = join(tmpdir(), 'jifen-pcscd.turn');
const TURN_OWNER = join(TURN_DIR, 'pid');
let holdingTurn = false;

/** mkdir is atomic: whoever makes the directory has the turn until it removes it. */
async function takeTurn(deadline: number): Promise<void> {
  while (!holdingTurn) {
    try {
      mkdirSync(TURN_DIR);
      writeFileSync(TURN_OWNER, String(process.pid));
      holdingTurn = true;
      process.once('exit', giveTurnBack);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = turnOwner();
    if (owner === 'gone') {
      rmSync(TURN_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `another pcscd is already serving the tests: test process ${owner} has had its turn (${TURN_DIR}) too long`,
      );
    }
    await sleep(500);
  }
}

function giveTurnBack(): void {
  if (!holdingTurn) return;
  holdingTurn = false;
  process.off('exit', giveTurnBack);
  if (turnOwner() === process.pid) rmSync(TURN_DIR, { recursive: true, force: true });
}

/** The pid holding the turn, or 'gone' when it died without giving it back. */
function turnOwner(): number | 'gone' {
  try {
    const pid = Number(readFileSync(TURN_OWNER, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPERM') return Number(readFileSync(TURN_OWNER, 'utf8'));
    // No pid file yet: its owner is between mkdir and write, unless that was long ago.
    if (code === 'ENOENT') return ageMs(TURN_DIR) > 10_000 ? 'gone' : -1;
    return 'gone';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function killQuietly(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    child.kill(signal);
  } catch {
    // Already gone: nothing left to stop.
  }
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ path });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Reads /proc/net/tcp* rather than connecting: a connection to vpcd would count as a card. */
function vpcdPortsListening(): boolean {
  const wanted = VIRTUAL_READERS.map((_, i) =>
    (VPCD_BASE_PORT + i).toString(16).toUpperCase().padStart(4, '0'),
  );
  const listening = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') listening.add(cols[1]?.split(':')[1] ?? '');
    }
  }
  return wanted.every((port) => listening.has(port));
}

function pcscdPids(): string[] {
  const pids: string[] = [];
  const all = existsSync('/proc') ? readdirSync('/proc').filter((n) => /^\d+$/.test(n)) : [];
  for (const pid of all) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'pcscd') pids.push(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
