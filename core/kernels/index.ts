// The kernels of the running backend (kernels.ts): chosen in this one place, so core/model and core/optim never ask
// which backend runs. A backend without a set of its own (cpu) gets the reference math.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernels } from './kernels';
import { referenceKernels } from './reference';
import { wasmKernels } from './wasm';
import { shareWasmIdentity } from './wasm/identity';
import { webgpuKernels } from './webgpu';

export type { Kernels } from './kernels';
export { referenceKernels } from './reference';

const BY_BACKEND: Record<string, Kernels> = { wasm: wasmKernels, webgpu: webgpuKernels };

/**
 * The kernels for the backend the engine runs now. Looked up per call rather than fixed at start-up because one
 * process may run two backends in turn (the parity tests compute cpu references beside webgpu and wasm results), and
 * a webgpu program must never be handed a cpu tensor. The lookup is a property read.
 */
export function kernels(): Kernels {
  const name = tf.getBackend();
  if (name === 'wasm') shareWasmIdentity(); // once per process: a flag check after the first call
  return BY_BACKEND[name] ?? referenceKernels;
}
