// A dense layer in the `x @ W (+ b)` layout of docs/palm.md §1: the one matmul shape every projection uses.
import * as tf from '@tensorflow/tfjs-core';
import { kernels } from '../kernels';
import { param, type Params } from './params';

/**
 * x [N, in] @ W [in, out] (+ b [out]) -> [N, out]. A plain, untransposed 2-D matmul on purpose: the fast path of the
 * WASM backend (docs/design.md §3; core/kernels/wasm keeps its backward plain too). `bias` is a parameter name, or null.
 */
export function dense(params: Params, x: tf.Tensor2D, kernel: string, bias: string | null): tf.Tensor2D {
  const w = param(params, kernel) as tf.Tensor2D; // [in, out]
  const y = kernels().matMul(x, w); // [N, out]
  return bias === null ? y : (tf.add(y, param(params, bias)) as tf.Tensor2D);
}
