// SplitRows: x [n * M, ...] -> n tensors [M, ...], one kernel call. On wasm a JS kernel that copies from a heap view:
// the stock slice/split first copy their WHOLE input out of the heap (readSync) once per piece, gather walks elements.
import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike, WasmKernelArgs } from './wasm-backend';

export const SPLIT_ROWS = 'PalmSplitRows';

function splitRowsWasm({ inputs, backend, attrs }: WasmKernelArgs): tf.TensorInfo[] {
  const wasm = backend as WasmBackendLike;
  const x = inputs.x as tf.TensorInfo;
  const n = (attrs as { n: number }).n;
  const pieceShape = [x.shape[0]! / n, ...x.shape.slice(1)];
  const size = tf.util.sizeFromShape(pieceShape);
  const outs = Array.from({ length: n }, () => wasm.makeOutput(pieceShape, x.dtype));
  // Views are taken after every allocation: growing the heap detaches views made before it.
  const src = wasm.typedArrayFromHeap(x);
  outs.forEach((out, i) => wasm.typedArrayFromHeap(out).set(src.subarray(i * size, (i + 1) * size)));
  return outs;
}

let registered = false;

/** x [n * M, ...] -> n pieces [M, ...] in order; no gradient (callers use it inside a tf.customGrad). */
export function splitRows(x: tf.Tensor, n: number): tf.Tensor[] {
  if (x.shape[0] % n !== 0) throw new Error(`splitRows: ${x.shape[0]} rows do not split into ${n} pieces`);
  if (tf.getBackend() !== 'wasm') return tf.split(x, n, 0);
  if (!registered) {
    tf.registerKernel({
      kernelName: SPLIT_ROWS,
      backendName: 'wasm',
      kernelFunc: splitRowsWasm as unknown as tf.KernelFunc,
    });
    registered = true;
  }
  return tf.engine().runKernel(SPLIT_ROWS, { x }, { n }) as unknown as tf.Tensor[];
}
