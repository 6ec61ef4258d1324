// The training loss (docs/palm.md §1 "aux loss", "Loss"): mean next-token cross-entropy plus the z-loss
// coef * mean(log(Z)^2), computed sparse: log Z minus the gathered target logit, never a one-hot [N, V] tensor.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';
import { pickPerRow } from './sparse';

export interface LossParts {
  /** ce + zLoss: what is differentiated. */
  loss: tf.Scalar;
  /** Mean cross-entropy in nats. */
  ce: tf.Scalar;
  /** coef * mean(log(Z)^2), reported on its own. */
  zLoss: tf.Scalar;
}

/**
 * x [N, V] -> log Σ_v exp(x[n, v]) [N], numerically stable, with its closed-form gradient d logZ / dx = softmax(x):
 * tf.logSumExp's autodiff goes through its max, whose gradient compares every logit with the row maximum (one
 * broadcast Equal over [N, V], 3 % of the reference step on wasm) and keeps 6 intermediates; this keeps x and log Z.
 */
export const logSumExpRows = customOp<[tf.Tensor2D], tf.Tensor1D>((x, save) => {
  const logZ = tf.logSumExp(x, 1); // [N]
  save([x, logZ]);
  return {
    value: logZ,
    gradFunc: (dy, [sx, sz]) => {
      const [N] = (sz as tf.Tensor1D).shape;
      return tf.mul(tf.exp(tf.sub(sx!, tf.reshape(sz!, [N, 1]))), tf.reshape(dy, [N, 1])); // [N, V]: softmax ⊙ dy
    },
  };
});

/** logits [N, V], targets [N] int32 -> mean(logZ - logit[target]) and coef * mean(logZ^2). */
export function crossEntropy(flat: tf.Tensor2D, targets: tf.Tensor1D, zLossCoef: number): LossParts {
  const logZ = logSumExpRows(flat); // [N]
  const targetLogit = pickPerRow(flat, targets); // [N]
  const ce = tf.mean(tf.sub(logZ, targetLogit)) as tf.Scalar;
  const zLoss = (zLossCoef === 0 ? tf.scalar(0) : tf.mul(tf.mean(tf.square(logZ)), zLossCoef)) as tf.Scalar;
  return { loss: tf.add(ce, zLoss) as tf.Scalar, ce, zLoss };
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
