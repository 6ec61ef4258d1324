import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup-cpu.ts'],
    testTimeout: 60_000,
    // tfjs keeps global engine state; one file per worker process keeps tests independent.
    pool: 'forks',
  },
});
