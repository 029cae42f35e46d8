import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; whole-system tests (real pcscd, printer emulator,
// server process, Chromium) live in tests/ and run one file at a time because they
// share system services such as pcscd.
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
