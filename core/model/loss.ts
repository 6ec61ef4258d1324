// The training loss (docs/palm.md §1 "aux loss", "Loss"): mean next-token cross-entropy plus the z-loss
// coef * mean(log(Z)^2), computed sparse: log Z minus the gathered target logit, never a one-hot [B, T, V] tensor.
import * as tf from '@tensorflow/tfjs-core';
import { pickPerRow } from './sparse';

export interface LossParts {
  /** ce + zLoss: what is differentiated. */
  loss: tf.Scalar;
  /** Mean cross-entropy in nats. */
  ce: tf.Scalar;
  /** coef * mean(log(Z)^2), reported on its own. */
  zLoss: tf.Scalar;
}

/** Per-token cross-entropy and log Z: logits [B, T, V], targets [B, T] int32 -> two [B, T] tensors (evaluation). */
export function tokenLosses(logits: tf.Tensor3D, targets: tf.Tensor2D): { ce: tf.Tensor2D; logZ: tf.Tensor2D } {
  const [B, T, V] = logits.shape;
  return tf.tidy(() => {
    const flat = tf.reshape(logits, [B * T, V]) as tf.Tensor2D;
    const logZ = tf.logSumExp(flat, 1); // [B*T]
    const ce = tf.sub(logZ, pickPerRow(flat, tf.reshape(targets, [B * T]))); // [B*T]
    return { ce: tf.reshape(ce, [B, T]), logZ: tf.reshape(logZ, [B, T]) };
  });
}

/** logits [B, T, V] float32, targets [B, T] int32 (the next tokens) -> scalar loss, ce and zLoss. */
export function lmLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, zLossCoef: number): LossParts {
  if (targets.dtype !== 'int32') throw new Error(`lmLoss: targets must be int32 (got ${targets.dtype})`);
  const [B, T, V] = logits.shape;
  const N = B * T;
  return tf.tidy(() => {
    const flat = tf.reshape(logits, [N, V]) as tf.Tensor2D;
    const logZ = tf.logSumExp(flat, 1); // [N]
    const targetLogit = pickPerRow(flat, tf.reshape(targets, [N])); // [N]
    const ce = tf.mean(tf.sub(logZ, targetLogit)) as tf.Scalar;
    const zLoss = (zLossCoef === 0 ? tf.scalar(0) : tf.mul(tf.mean(tf.square(logZ)), zLossCoef)) as tf.Scalar;
    return { loss: tf.add(ce, zLoss) as tf.Scalar, ce, zLoss };
  });
}
