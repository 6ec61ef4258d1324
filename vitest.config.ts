import { configDefaults, defineConfig } from 'vitest/config';

// Two projects (DESIGN.md §3): `unit` on the deterministic cpu backend, `webgpu` on real WebGPU through Dawn
// (SwiftShader without a GPU). `npx vitest run` runs both; `--project unit` or `--project webgpu` runs one.
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
          exclude: [...configDefaults.exclude, 'test/webgpu/**'],
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
    ],
  },
});
