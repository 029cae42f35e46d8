import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm install` on a fresh clone must not rewrite package-lock.json (decision 0307): npm
 * re-resolves the committed package.json against the committed lock, and nothing changes.
 */
describe('the lock file on a fresh clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-clone-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm install --package-lock-only leaves the clone clean', () => {
    const clone = join(dir, 'till');
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', process.cwd(), clone]);
    execFileSync(
      'npm',
      ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: clone, stdio: 'pipe' },
    );
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: clone }).toString()).toBe('');
  }, 300_000);
});
