import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromService } from '../../main/electron/protocol';
import { createServiceClient } from '../../main/electron/service-client';

const requires = (code: string) =>
  [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

/**
 * What `npm run dist` packages (scripts/build-main.ts): the Electron main process and
 * the sandboxed preload load no native module, and the bundled service runs under plain
 * Node over the same message channel the utility process uses.
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
});
