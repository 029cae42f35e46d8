import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; whole-system tests (real pcscd, printer emulator,
// server process, Chromium) live in tests/. A plain `vitest run` takes one file at a time,
// since the files that start pcscd share it; `npm test` runs them in lanes instead
// (scripts/test-lanes.mjs), with only those files one after another.
export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'main/**/*.test.ts',
      'server/**/*.test.ts',
      'renderer/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    testTimeout: 60_000,
    // expect.poll waits for what a user would wait for (a screen after a server's answer);
    // vitest's 1 s default failed on a loaded machine while the same Playwright waits
    // give 30 s. A poll that never comes true still fails, only later.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
