import { execFile, execFileSync, fork } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromService } from '../../main/electron/protocol';
import { createServiceClient } from '../../main/electron/service-client';
import type { RangeResult, RangeTask } from '../../main/store/verify-parallel';

const requires = (code: string) =>
  [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

/** The built CLI as an operator runs it: exit code and what it prints. */
function built(out: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(out, 'cli.cjs'), ...args], (e, stdout, stderr) =>
      done({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * What `npm run dist` packages (scripts/build-main.ts): the Electron main process and
 * the sandboxed preload load no native module, the bundled service runs under plain
 * Node over the same message channel the utility process uses, and the bundled CLI
 * verifies on worker threads from the built verify-worker.js beside it (decision 0652).
 */
describe('bundles for the packaged app', () => {
  // Inside the checkout, as in the package: the bundles find node_modules by walking up.
  mkdirSync('test-output', { recursive: true });
  const out = mkdtempSync(join('test-output', 'bundles-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-bundle-data-'));

  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-main.ts', '--out', out], {
      stdio: 'pipe',
    });
  });

  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the sandboxed preload requires only electron', () => {
    expect(requires(readFileSync(join(out, 'preload.cjs'), 'utf8'))).toEqual(['electron']);
  });

  it('the main process bundle holds no native module', () => {
    const mods = requires(readFileSync(join(out, 'electron.cjs'), 'utf8'));
    expect(mods).toContain('electron');
    expect(mods.filter((m) => /better-sqlite3|pcsclite|nfc-pcsc/.test(m!))).toEqual([]);
  });

  it('the bundled service answers over the channel and closes cleanly', async () => {
    const child = fork(join(out, 'service.cjs'), ['--data-dir', dataDir, '--demo'], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const client = createServiceClient(
        { post: (m) => child.send(m), onMessage: (l) => child.on('message', (m) => l(m as FromService)) },
        () => {},
      );
      child.once('exit', () => client.abort());
      const status = await client.call('status.get', {}, null);
      expect(status.ok && status.result.demo).toBe(true);
      client.close();
      await expect(exited).resolves.toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('the bundled CLI verifies a till file on worker threads started from the built worker', async () => {
    expect(existsSync(join(out, 'verify-worker.js'))).toBe(true);
    expect(existsSync(join(out, 'check-worker-thread.js'))).toBe(true);
    const db = join(dataDir, 'verify.db');
    const demo = await built(out, 'demo', '--db', db, '--households', '20');
    expect(demo.code, demo.stderr).toBe(0);

    const ok = await built(out, 'verify', '--db', db, '--threads', '3');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('校验通过');
    expect(ok.stdout).toMatch(/本机流水 [1-9]\d* 条/);
    const wrong = await built(out, 'verify', '--db', db, '--threads', '0');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--threads 应为 1 到 17 之间的整数');

    // The built worker alone takes every range, so its own checks run on the whole journal.
    const tampered = join(dataDir, 'tampered.db');
    copyFileSync(db, tampered);
    const raw = new Database(tampered);
    raw.exec('DROP TRIGGER points_entries_no_update');
    raw.exec('UPDATE points_entries SET amount = amount + 10000 WHERE rowid = 1');
    const head = raw.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    const deviceId = JSON.parse(
      raw.prepare("SELECT value FROM settings WHERE key = 'device.id'").pluck().get() as string,
    ) as string;
    raw.close();
    const size = Math.ceil(head.seq / 4);
    const ranges = [0, 1, 2, 3].map((i) => ({ after: i * size, to: Math.min(head.seq, (i + 1) * size) }));
    const task: RangeTask = { path: tampered, deviceId, ranges, next: new SharedArrayBuffer(4), pin: head };
    const results = await new Promise<[number, RangeResult][]>((done, fail) => {
      const worker = new Worker(pathToFileURL(resolve(out, 'verify-worker.js')), { workerData: task });
      worker.once('message', done);
      worker.once('error', fail);
    });
    expect(results.map(([i]) => i)).toEqual([0, 1, 2, 3]);
    expect(results.reduce((n, [, r]) => n + r.count, 0)).toBe(head.seq);
    expect(results.flatMap(([, r]) => r.discrepancies.map((d) => d.kind))).toContain('ledger-row');

    // The pull's check worker, built the same way, checks a page and refuses a changed entry.
    const entry = JSON.parse(
      new Database(db, { readonly: true })
        .prepare(
          "SELECT json_object('id', id, 'seq', seq, 'at', at, 'businessDate', business_date, 'clerkId', clerk_id, 'kind', kind, 'body', json(body), 'prevHash', prev_hash, 'hash', hash) FROM journal ORDER BY seq LIMIT 1",
        )
        .pluck()
        .get() as string,
    );
    // Checked as a till that is not its writer sees it: the hash covers the writer's device id.
    entry.deviceId = deviceId;
    const checks = await new Promise<unknown[]>((done, fail) => {
      const worker = new Worker(pathToFileURL(resolve(out, 'check-worker-thread.js')));
      const answers: unknown[] = [];
      worker.on('message', ({ result }) => {
        answers.push(result);
        if (answers.length === 2) void worker.terminate().then(() => done(answers));
      });
      worker.once('error', fail);
      worker.postMessage({ id: 0, text: JSON.stringify({ entries: [entry] }), deviceId: 'another-till' });
      worker.postMessage({
        id: 1,
        text: JSON.stringify({ entries: [{ ...entry, at: entry.at + 1 }] }),
        deviceId: 'another-till',
      });
    });
    expect(checks[0]).toMatchObject({ exact: true, bodies: [expect.any(String)] });
    expect(checks[1]).toMatchObject({ refused: { code: 'SYNC_REFUSED' } });

    const bad = await built(out, 'verify', '--db', tampered, '--threads', '2');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/账表 points_entries 与流水不一致/);
    expect(bad.stdout).toContain('Ledger table points_entries disagrees with the journal');
  });
});
