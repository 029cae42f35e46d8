// `npm test` after system-deps: the whole suite in lanes that run at once on a 2-core
// machine (decision 0456). Every file still runs with real parts; what changes is only
// what runs beside what:
//   - the PC/SC lane: the files that start pcscd or place a virtual card, one after
//     another in one vitest (pcscd's socket and vpcd's card ports are one per machine);
//   - the parallel lane: every other file, in one vitest with three workers, with a PC/SC
//     socket path that leads nowhere so no till service there sees the PC/SC lane's card;
//   - typecheck, lint and the clock-edge runs (scripts/clock-edges.mjs) in the slots that
//     come free, the clock-edge runs likewise kept away from pcscd.
// A job's output is printed whole when it ends. The run fails if any job fails, or if the
// files vitest reported differ from `vitest list --filesOnly`: no file is dropped silently.
// `node scripts/test-lanes.mjs --list` prints the lanes without running them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { clockEdgeCommand, INSTANTS, requireFaketime, vitestSummary } from './clock-edges.mjs';

const root = join(import.meta.dirname, '..');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A file that imports one of these, directly or through relative imports, runs in the PC/SC lane. */
const PCSC_MODULES = ['tests/support/pcscd.ts', 'tests/support/virtual-card.ts'].map((f) => join(root, f));

/** Jobs at once: the two vitest lanes and one more; most of a clock-edge run waits on processes starting. */
const SLOTS = Number(process.env.JIFEN_TEST_SLOTS ?? 3);
const PARALLEL_WORKERS = Number(process.env.JIFEN_TEST_WORKERS ?? 3);

function listTestFiles() {
  const listed = spawnSync(process.execPath, [vitest, 'list', '--filesOnly', '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (listed.status !== 0) {
    console.error(listed.stdout, listed.stderr);
    throw new Error('vitest list --filesOnly failed');
  }
  return JSON.parse(listed.stdout).map((entry) => entry.file);
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The project file a relative import names, as TypeScript would resolve it here. */
function resolveImport(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    base.replace(/\.js$/, '.ts'),
    join(base, 'index.ts'),
  ];
  // A folder is not the file: `../main/store` means its index.ts.
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Whether `file` reaches a PC/SC module through relative imports. */
function reachesPcsc(file, seen = new Set()) {
  if (PCSC_MODULES.includes(file)) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  for (const match of source.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1]);
    if (target && reachesPcsc(target, seen)) return true;
  }
  return false;
}

function plan() {
  const files = listTestFiles();
  const pcsc = files.filter((f) => reachesPcsc(f));
  const parallel = files.filter((f) => !pcsc.includes(f));
  return { files, pcsc, parallel };
}

function vitestJob(name, files, { workers, env }, reportDir) {
  const report = join(reportDir, `${name}.json`);
  const parallelism = workers > 1 ? ['--fileParallelism', `--maxWorkers=${workers}`] : [];
  return {
    name,
    command: process.execPath,
    args: [
      vitest,
      'run',
      ...parallelism,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...files,
    ],
    env: { ...process.env, NO_COLOR: '1', ...env },
    files,
    report,
  };
}

/** Files that vitest says it ran, against the files it was given. */
function missingFromReport(job) {
  if (!existsSync(job.report)) return job.files;
  const ran = new Set(JSON.parse(readFileSync(job.report, 'utf8')).testResults.map((r) => r.name));
  return job.files.filter((f) => !ran.has(f));
}

function run(job) {
  return new Promise((done) => {
    const started = Date.now();
    console.log(`▶ ${job.name}`);
    const child = spawn(job.command, job.args, {
      cwd: root,
      env: job.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const missing = job.report ? missingFromReport(job) : [];
      const ok = code === 0 && missing.length === 0;
      console.log(`\n===== ${job.name} =====`);
      console.log(ok && job.quietOnPass ? vitestSummary(output).join('\n') : output);
      if (missing.length > 0) {
        console.log(
          `未运行的测试文件 / test files vitest did not report:\n  ${missing.map((f) => relative(root, f)).join('\n  ')}`,
        );
      }
      console.log(
        `===== ${job.name}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s =====`,
      );
      done({ name: job.name, ok, seconds });
    });
  });
}

async function main() {
  const { files, pcsc, parallel } = plan();
  if (process.argv.includes('--list')) {
    console.log(`PC/SC lane, one file at a time (${pcsc.length}):`);
    for (const f of pcsc) console.log(`  ${relative(root, f)}`);
    console.log(`parallel lane, ${PARALLEL_WORKERS} workers (${parallel.length}):`);
    for (const f of parallel) console.log(`  ${relative(root, f)}`);
    return;
  }
  requireFaketime();
  const scratch = mkdtempSync(join(tmpdir(), 'jifen-test-lanes-'));
  // Nothing listens here: a till service beside the PC/SC lane finds no PC/SC service.
  const noPcscd = {
    JIFEN_TEST_LANE: 'no-pcscd',
    PCSCLITE_CSOCK_NAME: join(scratch, 'no-pcscd', 'pcscd.comm'),
  };
  const jobs = [
    vitestJob('PC/SC lane', pcsc, { workers: 1, env: {} }, scratch),
    vitestJob('parallel lane', parallel, { workers: PARALLEL_WORKERS, env: noPcscd }, scratch),
    { name: 'typecheck', command: npm, args: ['run', '-s', 'typecheck'], env: process.env },
    { name: 'lint', command: npm, args: ['run', '-s', 'lint'], env: process.env },
    ...INSTANTS.map((instant) => ({
      name: `clock at ${instant.at} UTC (${instant.why})`,
      ...clockEdgeCommand(instant, noPcscd),
      quietOnPass: true,
    })),
  ];
  console.log(
    `${files.length} test files: ${pcsc.length} in the PC/SC lane, ${parallel.length} in the parallel lane; ` +
      `${INSTANTS.length} clock-edge runs; ${SLOTS} jobs at a time`,
  );
  const started = Date.now();
  const queue = [...jobs];
  const results = [];
  await Promise.all(
    Array.from({ length: SLOTS }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results.push(await run(next));
    }),
  );
  rmSync(scratch, { recursive: true, force: true });
  console.log('\n测试结果 / results:');
  for (const r of results)
    console.log(`  ${r.ok ? 'passed' : 'FAILED'}  ${String(r.seconds).padStart(4)} s  ${r.name}`);
  const failed = results.filter((r) => !r.ok);
  const wall = Math.round((Date.now() - started) / 1000);
  if (failed.length > 0) {
    console.error(`\n测试失败 / ${failed.length} of ${results.length} jobs failed (${wall} s)`);
    process.exit(1);
  }
  console.log(`\n全部通过 / all ${results.length} jobs passed, ${files.length} test files (${wall} s)`);
}

await main();
