// Matmuls whose forward AND backward are plain, untransposed 2-D matmuls: the only fast path of the WASM backend
// (docs/design.md §3, docs/benchmarks.md: ~10-20x the transposed or batched kernels). The gradients transpose explicitly.
// Only wasm uses them: the cpu backend (JS loops) gains nothing from the extra transposes, and webgpu runs transposed
// and batched matmuls in one shader each.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from '../../ops/custom-op';
import { splitRows } from './split-rows';

/** a [M, K] @ b [K, N] -> [M, N]; da = dy @ b^T, db = a^T @ dy, each an explicit transpose and a plain matmul. */
export const matMulPlain = customOp<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>((a, b, save) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b), // [M, N]
    gradFunc: (dy, [sa, sb]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(sb as tf.Tensor2D)), // [M, N] @ [N, K] -> [M, K]
      tf.matMul(tf.transpose(sa as tf.Tensor2D), dy as tf.Tensor2D), // [K, M] @ [M, N] -> [K, N]
    ],
  };
});

/** Stacked 2-D products a[i] [M, K] @ b[i] [K, N] -> [n, M, N] without the batched kernel. */
function loopMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const [n, M, K] = a.shape;
  const N = b.shape[2];
  const as = splitRows(tf.reshape(a, [n * M, K]), n); // n x [M, K]
  const bs = splitRows(tf.reshape(b, [n * K, N]), n); // n x [K, N]
  const parts = as.map((ai, i) => tf.matMul(ai as tf.Tensor2D, bs[i] as tf.Tensor2D)); // n x [M, N]
  return tf.reshape(tf.concat(parts, 0), [n, M, N]); // [n, M, N]
}

/** [n, R, C] -> [n, C, R]. */
const swapLast = (x: tf.Tensor3D): tf.Tensor3D => tf.transpose(x, [0, 2, 1]);

/**
 * Batched a [n, M, K] @ b [n, K, N] -> [n, M, N] as n plain 2-D matmuls, forward and backward
 * (da = dy @ b^T, db = a^T @ dy per batch). Worth it where n is small and each matrix is large enough to amortise
 * one kernel call (attention: n = B * kvHeads).
 */
export const batchMatMulPlain = customOp<[tf.Tensor3D, tf.Tensor3D], tf.Tensor3D>((a, b, save) => {
  save([a, b]);
  return {
    value: loopMatMul(a, b), // [n, M, N]
    gradFunc: (dy, [sa, sb]) => [
      loopMatMul(dy as tf.Tensor3D, swapLast(sb as tf.Tensor3D)), // [n, M, N] @ [n, N, K] -> [n, M, K]
      loopMatMul(swapLast(sa as tf.Tensor3D), dy as tf.Tensor3D), // [n, K, M] @ [n, M, N] -> [n, K, N]
    ],
  };
});
