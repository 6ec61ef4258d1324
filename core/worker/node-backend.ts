// Backend start-up in Node: WebGPU through Dawn (npm `webgpu`) needs its globals and a navigator.gpu before
// TensorFlow.js' webgpu backend is imported (docs/design.md §3); the choice itself is core/kernels/backend.ts'.
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendInfo, type BackendName } from '../kernels/backend';
import './node-gradients';

let dawnInstalled = false;

/** Expose Dawn as navigator.gpu. Without a GPU, set VK_ICD_FILENAMES to SwiftShader's ICD (docs/design.md §3). */
async function installDawn(): Promise<void> {
  if (dawnInstalled || (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) return;
  // Dawn's Vulkan loader wants a runtime folder; a headless shell often has none.
  process.env.XDG_RUNTIME_DIR ??= tmpdir();
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
  dawnInstalled = true;
}

/** Start `requested` (or the fastest that works: webgpu, wasm, cpu) in this Node process. */
export async function initNodeBackend(requested?: BackendName): Promise<BackendInfo> {
  // Production mode: no debug checks, and no banner asking for tfjs-node (a native build we cannot use here).
  tf.env().set('PROD', true);
  if (requested === undefined || requested === 'webgpu') {
    try {
      await installDawn();
    } catch (e) {
      if (requested === 'webgpu')
        throw new Error(`backend "webgpu" is not available: Dawn failed to load: ${(e as Error).message}`);
    }
  }
  return initBackend(requested);
}
