import { configDefaults, defineConfig } from 'vitest/config';

// Three projects (docs/design.md §3): `unit` on the deterministic cpu backend, `webgpu` on real WebGPU through Dawn
// (SwiftShader without a GPU), `e2e` in Chromium. `npx vitest run` runs all; `--project NAME` runs one.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    // tfjs keeps global engine state; one file per worker process keeps tests independent.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/webgpu/**', 'test/e2e/**'],
          setupFiles: ['test/setup-cpu.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'webgpu',
          include: ['test/webgpu/**/*.test.ts'],
          setupFiles: ['test/webgpu/setup-webgpu.ts'],
          // SwiftShader compiles every shader on the CPU: the first pass of a new shape takes seconds.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Chromium training on SwiftShader WebGPU; each file builds the UI into renderer/dist, so one at a time.
          testTimeout: 240_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
