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
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
