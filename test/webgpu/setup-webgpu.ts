// The webgpu test project runs on real WebGPU in Node through Dawn (npm `webgpu`); without a GPU, on SwiftShader
// (docs/design.md §3). A machine that cannot start it fails every test with the reason: there is no silent skip.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, expect } from 'vitest';
// The cpu backend computes the references the webgpu results are compared with.
import '@tensorflow/tfjs-backend-cpu';
import { initNodeBackend } from '../../core/worker/node-backend';

/** Debian's chromium package ships SwiftShader's Vulkan driver here. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// Set before Dawn loads: Vulkan reads them when the instance is created. A real GPU's driver wins when set outside.
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
process.env.XDG_RUNTIME_DIR ??= tmpdir();
// A new machine per test file: no kept peak (cli/peak-file.ts) from another test or from the user's cache.
process.env.PALM_WORKBENCH_PEAKS ??= join(mkdtempSync(join(tmpdir(), 'palm-peaks-')), 'peaks.json');

try {
  await initNodeBackend('webgpu');
} catch (e) {
  throw new Error(
    `the webgpu test project needs WebGPU through Dawn (npm "webgpu"): ${(e as Error).message}. ` +
      `Without a GPU, install Debian's chromium and libvulkan1 and set VK_ICD_FILENAMES=${SWIFTSHADER_ICD} (now: ` +
      `${process.env.VK_ICD_FILENAMES ?? 'unset'}); run only the cpu tests with \`npx vitest run --project unit\`.`,
  );
}
if (tf.getBackend() !== 'webgpu') throw new Error(`the webgpu test project started backend "${tf.getBackend()}"`);

/** The slice of GPUDevice used here (tfjs' webgpu backend exposes its device). */
interface ErrorScopes {
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}
const FILTERS = ['validation', 'out-of-memory', 'internal'] as const;
const device = (tf.backend() as unknown as { device: ErrorScopes }).device;

// A WebGPU error does not throw: tfjs reads back zeros and Dawn only prints (an addN of 8+ tensors, beyond the
// default 8 storage buffers per shader, silently returns 0). Error scopes turn every such error into a failure of
// the test that caused it (errors of a file's beforeAll count against its first test).
const pushScopes = () => FILTERS.forEach((f) => device.pushErrorScope(f));
pushScopes();
afterEach(async () => {
  const errors = (await Promise.all(FILTERS.map(() => device.popErrorScope()))).filter((e) => e !== null);
  pushScopes();
  expect(
    errors.map((e) => e.message),
    'WebGPU errors during this test',
  ).toEqual([]);
});
