// Rotary position embedding, rotate-half layout (docs/palm.md §1 "Fixed conventions"; GPT-NeoX, lucidrains/PaLM-pytorch):
// inv_freq[i] = 10000^(-2i/Dh), angle[t, i] = t * inv_freq[i]; rope(x)_t = x * cos(cat(a, a)) + cat(-x2, x1) * sin(cat(a, a)).
// Computed as x * cos + swap(x) * sin±, swap(x) = cat(x2, x1) and sin± = cat(-sin, sin): the sign lives in the table,
// so there is no Neg. Its hand-written gradient adds no saved tensors to the tape.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

export const ROPE_BASE = 10000;

export interface RopeTables {
  /** [T, 1, Dh]: broadcasts over the batch and the heads of a [B, T, heads, Dh] tensor. */
  cos: tf.Tensor3D;
  /** [T, 1, Dh]: cat(-sin, sin), the rotate-half sign folded in. */
  sin: tf.Tensor3D;
  /** [Dh] int32: the columns of cat(x2, x1) (a gather's indices). */
  swap: tf.Tensor1D;
}

/** The tables of a layer's queries (scaled by 1/sqrt(Dh)) and keys. */
export interface RopeQK {
  q: RopeTables;
  k: RopeTables;
}

/** cat(z2, z1) of the halves of z's last axis; `swap` [Dh] int32 holds the columns (i + Dh/2) mod Dh. */
export type SwapHalves = (z: tf.Tensor, swap: tf.Tensor1D) => tf.Tensor;

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

/** The query tables (scaled by 1/sqrt(Dh)) and key tables of positions offset .. offset + T - 1. */
export function ropeQKTables(T: number, headDim: number, offset: number): RopeQK {
  return { q: ropeTables(T, headDim, offset, 1 / Math.sqrt(headDim)), k: ropeTables(T, headDim, offset) };
}

/** cat(z2, z1) by split + concat: on cpu and wasm two copies beat a gather, which walks elements (~3x slower). */
export const swapBySplit: SwapHalves = (z) => {
  const axis = z.rank - 1;
  const [z1, z2] = tf.split(z, 2, axis) as [tf.Tensor, tf.Tensor];
  return tf.concat([z2, z1], axis);
};

/**
 * Rotate x [B, T, heads, Dh] by its position (the tables' T must equal x's T): y = cos ⊙ x + sin± ⊙ Px with P the
 * half swap (`swap`: a backend's fastest, split + concat by default), so dx = cos ⊙ dy + P^T(sin± ⊙ dy), P^T = P.
 * x is not needed backward; the tables are saved because the pass that made them may free them before the backward.
 */
export const applyRope = (x: tf.Tensor4D, tables: RopeTables, swap: SwapHalves = swapBySplit): tf.Tensor4D =>
  customOp<[tf.Tensor4D], tf.Tensor4D>((t, save) => {
    const { cos, sin, swap: cols } = tables;
    save([cos, sin, cols]);
    return {
      value: tf.add(tf.mul(t, cos), tf.mul(swap(t, cols), sin)), // [B, T, heads, Dh]
      gradFunc: (dy, [c, s, p]) => tf.add(tf.mul(dy, c!), swap(tf.mul(dy, s!), p as tf.Tensor1D)), // [B, T, heads, Dh]
    };
  })(x);
