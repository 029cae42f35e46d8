// Runs the date-sensitive tests again with the whole process tree's wall clock moved to
// the instants where a points ledger is judged, through Debian's libfaketime. The tests
// take their business time from injected clocks; this proves nothing reads the wall clock
// behind those clocks' backs. Part of `npm test`; `node scripts/clock-edges.mjs --list`
// prints the instants and files.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(import.meta.dirname, '..');

/** faketime reads these in the machine's zone; the suite sets TZ=UTC so they are UTC. */
export const INSTANTS = [
  { at: '2026-11-30 15:59:50', why: 'last seconds of November in Shanghai (23:59:50 +08:00)' },
  { at: '2026-11-30 16:00:01', why: 'first seconds of December in Shanghai' },
  { at: '2026-12-31 15:59:50', why: '31 Dec → 1 Jan in Shanghai, crossing during the run' },
  { at: '2028-02-28 15:59:50', why: '28 → 29 Feb 2028, a leap day, in Shanghai' },
  { at: '2028-02-29 15:59:50', why: '29 Feb → 1 Mar 2028 in Shanghai' },
  { at: '2027-03-10 20:00:00', why: 'UTC says 10 March while Shanghai says 11 March (04:00)' },
];

/** Server protocol, month close, redemption windows, suspensions, receipt times, shift summaries. */
export const FILES = [
  'src/clock.test.ts',
  'server/periods/cutoff.test.ts',
  'src/reports/reconciliation.test.ts',
  'src/receipt/layout.test.ts',
  'main/till/checkout.test.ts',
  'main/till/business-time.test.ts',
  'tests/printer.test.ts',
  'tests/business-time.test.ts',
  'tests/server-protocol.test.ts',
  'tests/sync-tills.test.ts',
  'tests/sync-month.test.ts',
];

const FAKETIME = '/usr/bin/faketime';
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');

/** Fails with the install command when faketime is missing (never a silent skip). */
export function requireFaketime() {
  if (existsSync(FAKETIME)) return;
  console.error(
    '缺少 faketime / faketime is missing. Run as root:  apt-get update && apt-get install -y faketime',
  );
  process.exit(1);
}

/** The command that runs FILES with the whole process tree's clock at `instant` (one vitest). */
export function clockEdgeCommand(instant, extraEnv = {}) {
  return {
    command: FAKETIME,
    args: ['-f', `@${instant.at}`, process.execPath, vitest, 'run', ...FILES],
    // One timeline for the whole tree: a child (the township server, PostgreSQL) goes on
    // from the parent's fake time instead of starting again at the instant.
    env: { ...process.env, TZ: 'UTC', FAKETIME_DONT_RESET: '1', NO_COLOR: '1', ...extraEnv },
  };
}

/** The two summary lines vitest printed, for a run that passed. */
export function vitestSummary(output) {
  return output.split('\n').filter((l) => /^\s*(Test Files|Tests)\s/.test(l));
}

function runAt(instant) {
  return new Promise((resolve) => {
    const started = Date.now();
    const { command, args, env } = clockEdgeCommand(instant);
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const ok = code === 0;
      console.log(`\n=== clock at ${instant.at} UTC: ${instant.why} ===`);
      // A failure prints everything vitest said; a pass, its two summary lines.
      console.log(ok ? vitestSummary(output).join('\n') : output);
      console.log(`=== ${ok ? 'passed' : 'FAILED'} at ${instant.at} UTC (${seconds} s) ===`);
      resolve(ok);
    });
  });
}

async function main() {
  if (process.argv.includes('--list')) {
    for (const i of INSTANTS) console.log(`${i.at} UTC  ${i.why}`);
    for (const f of FILES) console.log(`  ${f}`);
    return;
  }
  requireFaketime();
  // Runs go three at a time: most of a run is waiting on fsync and process start-up, and
  // every server, printer emulator and PostgreSQL in them takes its own free port and dir.
  const parallel = Number(process.env.JIFEN_CLOCK_EDGE_PARALLEL ?? 3);
  const queue = [...INSTANTS];
  const results = [];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results.push(await runAt(next));
    }),
  );
  const failed = results.filter((ok) => !ok).length;
  if (failed > 0) {
    console.error(`\n时钟边界测试失败 / clock-edge runs failed at ${failed} of ${INSTANTS.length} instants`);
    process.exit(1);
  }
  console.log(`\n时钟边界测试通过 / clock-edge runs passed at all ${INSTANTS.length} instants`);
}

// Run on its own (`npm run test:clock-edges`); scripts/test-lanes.mjs imports it instead.
if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
