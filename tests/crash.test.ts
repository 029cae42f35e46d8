import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, seedDemo } from '../main/demo/seed';
import { TillStore, verifyStore } from '../main/store';
import { bundleEnv, bundleOnce } from './support/node-bundle';

const KILLS = 50;
const dir = mkdtempSync(join(tmpdir(), 'till-crash-'));
const path = join(dir, 'till.db');
let child: ChildProcess | null = null;
/** The writer as one bundled file: 50 starts under tsx cost more than the kills themselves. */
let writer: string;

beforeAll(async () => {
  writer = await bundleOnce('tests/support/crash-writer.ts');
});

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts the writer and SIGKILLs it `jitterMs` after it acknowledged `afterAcks` sales (0:
 * after it said ready), so the kill lands while it writes the next one; resolves with the
 * sale ids it acknowledged. Counting acknowledgements, not milliseconds, keeps the kills
 * mid-stream on a loaded machine, where a fixed delay could pass before the first commit.
 */
function runAndKill(afterAcks: number, jitterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const acknowledged: string[] = [];
    child = spawn(process.execPath, [writer, path, DEMO_CARDS.rich], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: bundleEnv(),
    });
    const kill = () => setTimeout(() => child?.kill('SIGKILL'), jitterMs);
    let buffered = '';
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready' && afterAcks === 0) kill();
        else if (line.startsWith('ok ')) {
          acknowledged.push(line.slice(3));
          if (acknowledged.length === afterAcks) kill();
        }
      }
    });
    child.on('exit', (_code, signal) => {
      child = null;
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited without being killed: ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-write: the file opens, verify passes, nothing half-written, no lost commit`, async () => {
    seedDemo(path, { households: 8, light: true, historyDays: 5 });
    let lastSeq = 0;
    for (let i = 0; i < KILLS; i++) {
      // 0 to 5 sales in, then 0 to 9 ms into the next commit (a 3-line sale takes about 1 ms).
      const acknowledged = await runAndKill(i % 6, Math.floor(Math.random() * 10));
      const store = new TillStore(path);
      try {
        const report = verifyStore(store.db, store.deviceId);
        expect(report.discrepancies, `after kill ${i + 1}`).toEqual([]);
        // Every sale the writer saw committed is there, whole: its lines, points entry and stock moves.
        for (const saleId of acknowledged) {
          const lines = store.db
            .prepare('SELECT count(*) FROM sale_lines WHERE sale_id = ?')
            .pluck()
            .get(saleId);
          const points = store.db
            .prepare('SELECT count(*) FROM points_entries WHERE sale_id = ?')
            .pluck()
            .get(saleId);
          const moves = store.db
            .prepare('SELECT count(*) FROM stock_moves WHERE entry_id = ?')
            .pluck()
            .get(saleId);
          expect([lines, points, moves], saleId).toEqual([3, 1, 3]);
        }
        const seqs = store.db
          .prepare('SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM journal')
          .get() as {
          lo: number;
          hi: number;
          n: number;
        };
        expect(seqs.lo).toBe(1);
        expect(seqs.hi).toBe(seqs.n);
        expect(seqs.hi).toBeGreaterThanOrEqual(lastSeq);
        lastSeq = seqs.hi;
      } finally {
        store.close();
      }
    }
  }, 300_000);
});
