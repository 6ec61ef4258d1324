// Identity on wasm as a shared buffer (what the cpu backend does): tfjs-backend-wasm's Identity copies, and the engine
// runs Identity for every tensor an op saves for its backward (engine.clone), so a training step copied its saved
// activations once more: 184 MiB of the reference step's 790 MiB, and ~200 ms of its kernel time (docs/benchmarks.md,
// What a step keeps).
import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike, WasmKernelArgs } from './wasm-backend';

/** The same buffer under a new tensor; tensors are immutable (a variable's assign swaps its buffer), so no copy. */
function identityShared({ inputs, backend }: WasmKernelArgs): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  // Strings live outside the heap: the stock kernel handles them; numbers share the heap buffer, refcounted.
  (backend as WasmBackendLike).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

let installed = false;

/** Replace wasm's copying Identity by the shared one, once per process (after the wasm backend registered its own). */
export function shareWasmIdentity(): void {
  if (installed) return;
  const stock = tf.getKernel('Identity', 'wasm');
  if (stock === undefined) return; // the wasm backend is not loaded yet: nothing to replace
  tf.unregisterKernel('Identity', 'wasm');
  const copy = stock.kernelFunc;
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) =>
      (args.inputs.x as tf.TensorInfo).dtype === 'string'
        ? copy(args)
        : identityShared(args as unknown as Parameters<typeof identityShared>[0]),
  });
  installed = true;
}
