import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// A clean CI machine has no cache folder: the first e2e file must still get its build.
const fresh = mkdtempSync(join(tmpdir(), 'jifen-fresh-tmp-'));
const before = process.env.TMPDIR;
afterAll(() => {
  if (before === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = before;
  rmSync(fresh, { recursive: true, force: true });
});

it('builds into and then serves from a cache folder that did not exist (a fresh machine)', async () => {
  process.env.TMPDIR = fresh;
  // Imported after TMPDIR is set: the cache takes its folder from tmpdir() when it loads.
  const { viteBuildCached } = await import('./vite-build-cache');
  const built = await viteBuildCached('console');
  expect(built.startsWith(join(fresh, 'jifen-vite-builds'))).toBe(true);
  expect(existsSync(join(built, 'index.html'))).toBe(true);
  expect(await viteBuildCached('console')).toBe(built);
  expect(readdirSync(join(fresh, 'jifen-vite-builds')).filter((n) => n.startsWith('console-'))).toHaveLength(
    1,
  );
}, 120_000);
