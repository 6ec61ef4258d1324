// AdamW's update of one parameter tensor at step k, the formula as PyTorch's torch.optim.AdamW and optax.adamw state it:
// the reference implementation of Kernels.adamwUpdate (core/kernels), which every fused kernel must match.
import * as tf from '@tensorflow/tfjs-core';

/** The scalars of step k, computed once in float64 on the CPU. */
export interface AdamWScalars {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1 - beta1^k and 1 - beta2^k: the bias corrections. */
  bc1: number;
  bc2: number;
  /** Decoupled weight decay of this tensor (0 for 1-D parameters). */
  wd: number;
}

/** One tensor's new parameter and moments, each of the parameter's shape; the caller assigns them. */
export interface AdamWState {
  param: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

/**
 * m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²;  mhat = m / (1-b1^k);  vhat = v / (1-b2^k);
 * param -= lr_k * (mhat / (sqrt(vhat) + eps) + wd * param).
 */
export function adamwStep(param: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: AdamWScalars): AdamWState {
  const mNext = tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1)); // param shape
  const vNext = tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2)); // param shape
  const mHat = tf.div(mNext, s.bc1);
  const vHat = tf.div(vNext, s.bc2);
  let step = tf.div(mHat, tf.add(tf.sqrt(vHat), s.eps)); // param shape
  if (s.wd > 0) step = tf.add(step, tf.mul(param, s.wd));
  return { param: tf.sub(param, tf.mul(step, s.lr)), m: mNext, v: vNext };
}
