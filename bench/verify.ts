/**
 * `verify` of a till as its journal grows (BENCH_VERIFY_SIZES, default 1,000,000): the
 * database is built through TillStore.append (bench/store.ts), then verifyStore runs on
 * a fresh connection and every hash, ledger row, balance and stock level is checked.
 * Prints wall time and CPU (all threads). Aim (issue 14): 1M entries in under 10 s.
 * verifyFileParallel (worker threads, decision 0465) is measured; BENCH_VERIFY_SINGLE=1
 * also measures the one-thread verifyStore on the same file first.
 * BENCH_VERIFY_DB=<file> verifies an existing till file instead (kept; for profiling).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TillStore, verifyStore } from '../main/store';
import { verifyFileParallel } from '../main/store/verify-parallel';
import { build } from './store';

type Run = { label: string; entries: number; wallS: number; cpuS: number; ok: boolean };

function verifyFile(path: string): Run {
  const store = new TillStore(path);
  try {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const report = verifyStore(store.db, store.deviceId);
    const wallS = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu);
    if (!report.ok) console.log('verify: discrepancies', report.discrepancies.slice(0, 5));
    const cpuS = (used.user + used.system) / 1e6;
    return { label: 'one thread', entries: report.entries, wallS, cpuS, ok: report.ok };
  } finally {
    store.close();
  }
}

async function verifyParallel(path: string): Promise<Run> {
  const store = new TillStore(path);
  const deviceId = store.deviceId;
  store.close();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const report = await verifyFileParallel(path, deviceId);
  const wallS = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  if (!report.ok) console.log('verify: discrepancies', report.discrepancies.slice(0, 5));
  const cpuS = (used.user + used.system) / 1e6;
  return { label: 'worker threads', entries: report.entries, wallS, cpuS, ok: report.ok };
}

async function measure(path: string): Promise<void> {
  if (process.env.BENCH_VERIFY_SINGLE === '1') print(verifyFile(path));
  print(await verifyParallel(path));
}

function print(r: Run): void {
  console.log(
    `verify (${r.label}): ${r.entries.toLocaleString('en')} entries in ${r.wallS.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU, ${Math.round(r.entries / r.wallS).toLocaleString('en')} entries/s${r.ok ? '' : ' (FAILED)'}; load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

export async function run(): Promise<void> {
  const existing = process.env.BENCH_VERIFY_DB;
  if (existing) {
    await measure(existing);
    return;
  }
  const sizes = (process.env.BENCH_VERIFY_SIZES ?? '1000000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-verify-'));
  try {
    for (const n of sizes) {
      const path = join(dir, `till-${n}.db`);
      const t0 = performance.now();
      build(path, n);
      console.log(
        `verify: built ${n.toLocaleString('en')} entries in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      await measure(path);
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
