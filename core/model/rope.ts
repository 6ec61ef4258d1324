// Rotary position embedding, rotate-half layout (docs/palm.md §1 "Fixed conventions"; GPT-NeoX, lucidrains/PaLM-pytorch):
// inv_freq[i] = 10000^(-2i/Dh), angle[t, i] = t * inv_freq[i]; rope(x)_t = x * cos(cat(a, a)) + cat(-x2, x1) * sin(cat(a, a)).
// Computed as x * cos + swap(x) * sin±, swap(x) = cat(x2, x1) and sin± = cat(-sin, sin): the sign lives in the table,
// so there is no Neg, and swap is one gather on webgpu. Its hand-written gradient adds no saved tensors to the tape.
import * as tf from '@tensorflow/tfjs-core';
import { kernels } from '../kernels';
import { customOp } from './custom-grad';

export const ROPE_BASE = 10000;

export interface RopeTables {
  /** [T, 1, Dh]: broadcasts over the batch and the heads of a [B, T, heads, Dh] tensor. */
  cos: tf.Tensor3D;
  /** [T, 1, Dh]: cat(-sin, sin), the rotate-half sign folded in. */
  sin: tf.Tensor3D;
  /** [Dh] int32: the columns of cat(x2, x1) (the gather of swapHalves). */
  swap: tf.Tensor1D;
}

/**
 * cos/sin tables for positions offset .. offset + T - 1 (offset > 0 when decoding with a KV cache), times `scale`
 * (attention folds its 1/sqrt(Dh) into the query's tables: one multiply fewer per layer, forward and backward).
 * Computed in float64 in JS and rounded once, so a position's angle does not lose precision at large t.
 */
export function ropeTables(T: number, headDim: number, offset = 0, scale = 1): RopeTables {
  const half = headDim / 2;
  const cos = new Float32Array(T * headDim);
  const sin = new Float32Array(T * headDim);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const angle = (offset + t) * Math.pow(ROPE_BASE, (-2 * i) / headDim);
      // cat(angle, angle): column i and column i + Dh/2 share a frequency
      cos[t * headDim + i] = cos[t * headDim + i + half] = scale * Math.cos(angle);
      sin[t * headDim + i] = -scale * Math.sin(angle);
      sin[t * headDim + i + half] = scale * Math.sin(angle);
    }
  }
  const swap = Int32Array.from({ length: headDim }, (_, i) => (i + half) % headDim);
  return {
    cos: tf.tensor3d(cos, [T, 1, headDim]),
    sin: tf.tensor3d(sin, [T, 1, headDim]),
    swap: tf.tensor1d(swap, 'int32'),
  };
}

/**
 * The plain form, as the papers write it: x ⊙ cos(cat(a, a)) + cat(-x2, x1) ⊙ sin(cat(a, a)) on x [B, T, heads, Dh].
 * applyRope below computes the same with its own gradient; the tests hold the two together.
 */
export function applyRopePlain(x: tf.Tensor4D, tables: RopeTables): tf.Tensor4D {
  const [x1, x2] = tf.split(x, 2, 3) as [tf.Tensor, tf.Tensor]; // [B, T, heads, Dh/2] each
  const [negSin, sin] = tf.split(tables.sin, 2, 2) as [tf.Tensor, tf.Tensor]; // the table holds cat(-sin, sin): [T, 1, Dh/2] each
  const rotated = tf.mul(tf.concat([tf.neg(x2), x1], 3), tf.concat([tf.neg(negSin), sin], 2)); // [B, T, heads, Dh]
  return tf.add(tf.mul(x, tables.cos), rotated);
}

/**
 * Rotate x [B, T, heads, Dh] by its position (the tables' T must equal x's T): y = cos ⊙ x + sin± ⊙ Px with P the
 * half swap (a kernel: one gather on webgpu, split + concat elsewhere), so dx = cos ⊙ dy + P^T(sin± ⊙ dy), P^T = P.
 * x is not needed backward; the tables are saved because the pass that made them may free them before the backward.
 */
export const applyRope = (x: tf.Tensor4D, tables: RopeTables): tf.Tensor4D =>
  customOp<[tf.Tensor4D], tf.Tensor4D>((t, save) => {
    const { cos, sin, swap } = tables;
    save([cos, sin, swap]);
    return {
      value: tf.add(tf.mul(t, cos), tf.mul(kernels().swapHalves(t, swap), sin)), // [B, T, heads, Dh]
      gradFunc: (dy, [c, s, p]) => tf.add(tf.mul(dy, c!), kernels().swapHalves(tf.mul(dy, s!), p as tf.Tensor1D)), // [B, T, heads, Dh]
    };
  })(x);
