// SplitColumns: x [N, C] -> pieces [N, c_i] (Σ c_i = C), one kernel call with its gradient (concat). On wasm a JS
// kernel that copies rows from one heap view: the stock SplitV slices each piece by first copying the WHOLE input out
// of the heap (readSync), ~40 ms per split of the reference model's fused projection.
import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike, WasmKernelArgs } from './wasm-backend';

export const SPLIT_COLUMNS = 'PalmSplitColumns';

function splitColumnsWasm({ inputs, backend, attrs }: WasmKernelArgs): tf.TensorInfo[] {
  const wasm = backend as WasmBackendLike;
  const x = inputs.x as tf.TensorInfo;
  const sizes = (attrs as { sizes: number[] }).sizes;
  const [N, C] = x.shape as [number, number];
  const outs = sizes.map((c) => wasm.makeOutput([N, c], x.dtype));
  // Views are taken after every allocation: growing the heap detaches views made before it.
  const src = wasm.typedArrayFromHeap(x);
  let col = 0;
  sizes.forEach((c, i) => {
    const dst = wasm.typedArrayFromHeap(outs[i]!);
    for (let r = 0; r < N; r++) dst.set(src.subarray(r * C + col, r * C + col + c), r * c);
    col += c;
  });
  return outs;
}

let registered = false;

function register(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: SPLIT_COLUMNS,
    backendName: 'wasm',
    kernelFunc: splitColumnsWasm as unknown as tf.KernelFunc,
  });
  // The pieces' gradients side by side; a piece the loss never read gets zeros from the tape.
  tf.registerGradient({
    kernelName: SPLIT_COLUMNS,
    gradFunc: (dy) => ({ x: () => tf.concat(dy as tf.Tensor[], 1) }),
  });
  registered = true;
}

/** x [N, C] -> pieces [N, sizes[i]] in order, differentiable, through the wasm kernel above. */
export function splitColumnsWasmOp(x: tf.Tensor2D, sizes: number[]): tf.Tensor2D[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (x.rank !== 2 || x.shape[1] !== total) {
    throw new Error(`splitColumns: [${x.shape.join(', ')}] does not split into columns of ${sizes.join(' + ')}`);
  }
  register();
  return tf.engine().runKernel(SPLIT_COLUMNS, { x }, { sizes }) as unknown as tf.Tensor2D[];
}
