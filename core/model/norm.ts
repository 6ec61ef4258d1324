// LayerNorm and RMSNorm over the model dimension (PALM.md §1 "Norms"): scale always, shift only for
// LayerNorm with biases on (RMSNorm has none by definition; shapes.ts names the same parameters).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { param, type Params } from './params';

/** Normalise each row of x [N, D] with the norm `${prefix}.scale` (+ `${prefix}.bias`). */
export function norm(params: Params, prefix: string, m: ModelConfig, x: tf.Tensor2D): tf.Tensor2D {
  const scale = param(params, `${prefix}.scale`);
  if (m.norm === 'rmsnorm') {
    // x / sqrt(mean(x^2) + eps) * scale
    const ms = tf.mean(tf.square(x), -1, true); // [N, 1]
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, m.normEps))), scale) as tf.Tensor2D;
  }
  // (x - mean) / sqrt(var + eps) * scale (+ bias), var the population variance
  const centred = tf.sub(x, tf.mean(x, -1, true)); // [N, D]
  const variance = tf.mean(tf.square(centred), -1, true); // [N, 1]
  const y: tf.Tensor2D = tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, m.normEps))), scale);
  return m.bias ? (tf.add(y, param(params, `${prefix}.bias`)) as tf.Tensor2D) : y;
}
