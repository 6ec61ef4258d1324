// The plain forms of core/ops' closed forms, written as the papers write them in stock ops: the oracles the tests
// differentiate by autodiff and hold the hand-written gradients and the fused kernels against (docs/palm.md §1).
import * as tf from '@tensorflow/tfjs-core';

/** q [n, M, Dh], k, v [n, Tk, Dh], mask [M, Tk] -> softmax(q k^T + mask) v [n, M, Dh]. */
export function attentionCorePlain(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor3D {
  return tf.matMul(tf.softmax(tf.add<tf.Tensor3D>(tf.matMul(q, k, false, true), mask)), v);
}

/**
 * x [N, D] -> (x - mean) * rsqrt(var + eps) * g (LayerNorm, population variance), or x * rsqrt(mean(x^2) + eps) * g
 * when not centred (RMSNorm).
 */
export function scaledNormPlain(x: tf.Tensor2D, g: tf.Tensor, eps: number, centred: boolean): tf.Tensor2D {
  const c = centred ? tf.sub(x, tf.mean(x, -1, true)) : x; // [N, D]
  return tf.mul(tf.mul(c, tf.rsqrt(tf.add(tf.mean(tf.square(c), -1, true), eps))), g);
}

/** gate, up [N, F] -> swish(gate) ⊙ up [N, F], swish(g) = g * sigmoid(g). */
export function swigluPlain(gate: tf.Tensor2D, up: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.mul(gate, tf.sigmoid(gate)), up);
}

/** x ⊙ cos(cat(a, a)) + cat(-x2, x1) ⊙ sin(cat(a, a)) on x [B, T, heads, Dh] (the tables of core/ops/rope.ts). */
export function applyRopePlain(x: tf.Tensor4D, tables: { cos: tf.Tensor3D; sin: tf.Tensor3D }): tf.Tensor4D {
  const [x1, x2] = tf.split(x, 2, 3) as [tf.Tensor, tf.Tensor]; // [B, T, heads, Dh/2] each
  const [negSin, sin] = tf.split(tables.sin, 2, 2) as [tf.Tensor, tf.Tensor]; // the table holds cat(-sin, sin): [T, 1, Dh/2] each
  const rotated = tf.mul(tf.concat([tf.neg(x2), x1], 3), tf.concat([tf.neg(negSin), sin], 2)); // [B, T, heads, Dh]
  return tf.add(tf.mul(x, tables.cos), rotated);
}
