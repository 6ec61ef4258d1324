// Rotary position embedding, rotate-half layout (PALM.md §1 "Fixed conventions"; GPT-NeoX, lucidrains/PaLM-pytorch):
// inv_freq[i] = 10000^(-2i/Dh), angle[t, i] = t * inv_freq[i]; rope(x)_t = x * cos(cat(a, a)) + cat(-x2, x1) * sin(cat(a, a)).
import * as tf from '@tensorflow/tfjs-core';

export const ROPE_BASE = 10000;

export interface RopeTables {
  /** [T, 1, Dh]: broadcasts over the batch and the heads of a [B, T, heads, Dh] tensor. */
  cos: tf.Tensor3D;
  sin: tf.Tensor3D;
}

/**
 * cos/sin tables for positions offset .. offset + T - 1 (offset > 0 when decoding with a KV cache). Computed in
 * float64 in JS and rounded once, so a position's angle does not lose precision at large t.
 */
export function ropeTables(T: number, headDim: number, offset = 0): RopeTables {
  const half = headDim / 2;
  const cos = new Float32Array(T * headDim);
  const sin = new Float32Array(T * headDim);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const angle = (offset + t) * Math.pow(ROPE_BASE, (-2 * i) / headDim);
      // cat(angle, angle): column i and column i + Dh/2 share a frequency
      cos[t * headDim + i] = cos[t * headDim + i + half] = Math.cos(angle);
      sin[t * headDim + i] = sin[t * headDim + i + half] = Math.sin(angle);
    }
  }
  return { cos: tf.tensor3d(cos, [T, 1, headDim]), sin: tf.tensor3d(sin, [T, 1, headDim]) };
}

/** Rotate x [B, T, heads, Dh] by its position (the tables' T must equal x's T). */
export function applyRope(x: tf.Tensor4D, tables: RopeTables): tf.Tensor4D {
  const half = x.shape[3] / 2;
  const [x1, x2] = tf.split(x, [half, half], 3); // [B, T, heads, Dh/2] each
  const rotated = tf.concat([tf.neg(x2), x1], 3); // [B, T, heads, Dh]
  return tf.add(tf.mul(x, tables.cos), tf.mul(rotated, tables.sin));
}
