// Adafactor's update of one parameter tensor at step k (docs/palm.md §4 steps 1-6, optax's / t5x's form), whole or with a
// factored second moment: the reference implementation of Kernels.adafactorUpdate (core/kernels), which fused kernels
// must match.
import * as tf from '@tensorflow/tfjs-core';

/** The scalars of step k, computed once in float64 on the CPU. */
export interface AdafactorScalars {
  /** 1 - k^(-decayRate). */
  decay: number;
  eps1: number;
  /** The update-clipping threshold d. */
  clip: number;
  lr: number;
  eps2: number;
  /** Momentum beta1; null: no first moment. */
  beta1: number | null;
  /** 1 - wd_k (1 without weight decay). */
  keep: number;
  multiplyByParameterScale: boolean;
}

/** One tensor's new parameter, second moment and first moment (null without momentum); the caller assigns them. */
export interface AdafactorState {
  param: tf.Tensor;
  v: tf.Tensor;
  m: tf.Tensor | null;
}

const rms = (x: tf.Tensor) => tf.sqrt(tf.mean(tf.square(x)));

/** 1. The moving average of g² + eps1: decay = 1 - k^(-decayRate) is 0 at k = 1, so step 1 sees only its own g². */
const ema = (v: tf.Tensor, x: tf.Tensor, decay: number) => tf.add(tf.mul(v, decay), tf.mul(x, 1 - decay));

/** Steps 3-6 from the second-moment-scaled update u: the new parameter and first moment. */
function finish(
  param: tf.Tensor,
  u: tf.Tensor,
  m: tf.Tensor | null,
  s: AdafactorScalars,
): [tf.Tensor, tf.Tensor | null] {
  // 3. Update clipping: u / max(1, rms(u) / d).
  u = tf.div(u, tf.maximum(1, tf.div(rms(u), s.clip)));
  // 4. Step size: lr_k, relative to the parameter's own scale max(rms(param), eps2).
  u = tf.mul(u, s.multiplyByParameterScale ? tf.mul(tf.maximum(rms(param), s.eps2), s.lr) : s.lr);
  // 5. Momentum on the lr-scaled update, no bias correction. docs/palm.md's order (the spec) is optax's `alias.adafactor`
  // chain: clip -> learning rate -> parameter scale -> ema(beta1, debias=False).
  const mNext = s.beta1 == null || m == null ? null : tf.add(tf.mul(m, s.beta1), tf.mul(u, 1 - s.beta1));
  // 6. Weight decay, t5x form: param = (1 - wd_k) * param - u, wd_k = lr_k ^ exponent (not scaled by lr again).
  const kept = s.keep === 1 ? param : tf.mul(param, s.keep);
  return [tf.sub(kept, mNext ?? u), mNext];
}

/** Steps 1-6 with the second moment v kept whole (PaLM: unfactored): u = g / sqrt(v). */
export function adafactorStep(
  param: tf.Tensor,
  g: tf.Tensor,
  v: tf.Tensor,
  m: tf.Tensor | null,
  s: AdafactorScalars,
): AdafactorState {
  const vNext = ema(v, tf.add(tf.square(g), s.eps1), s.decay); // param shape
  const [next, mNext] = finish(param, tf.mul(g, tf.rsqrt(vNext)), m, s);
  return { param: next, v: vNext, m: mNext };
}

/**
 * Steps 1-6 with the second moment factored over axes [a, b] ([rows, cols] of a matrix): vr holds the mean of g² over
 * b, vc over a, and v ≈ vr vc / mean(vr) (Shazeer & Stern, 2018, §3).
 */
export function adafactorFactoredStep(
  param: tf.Tensor,
  g: tf.Tensor,
  moments: { vr: tf.Tensor; vc: tf.Tensor },
  axes: [number, number],
  m: tf.Tensor | null,
  s: AdafactorScalars,
): { param: tf.Tensor; vr: tf.Tensor; vc: tf.Tensor; m: tf.Tensor | null } {
  const [a, b] = axes;
  const g2 = tf.add(tf.square(g), s.eps1); // param shape
  const vr = ema(moments.vr, tf.mean(g2, b), s.decay); // [rows]: mean over cols
  const vc = ema(moments.vc, tf.mean(g2, a), s.decay); // [cols]: mean over rows
  const rowFactor = tf.rsqrt(tf.div(vr, tf.mean(vr, a, true))); // [rows]
  const colFactor = tf.rsqrt(vc); // [cols]
  const u = tf.mul(tf.mul(g, tf.expandDims(rowFactor, b)), tf.expandDims(colFactor, a)); // [rows, cols]
  const [next, mNext] = finish(param, u, m, s);
  return { param: next, vr, vc, m: mNext };
}
