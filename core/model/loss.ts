// The training loss of the logits (docs/palm.md §1 "aux loss", "Loss"): the kernels' crossEntropy (core/ops/loss.ts
// is its math) on the flattened logits.
import * as tf from '@tensorflow/tfjs-core';
import { kernels } from '../kernels';
import type { LossParts } from '../ops';

/** logits [B, T, V] float32, targets [B, T] int32 (the next tokens) -> scalar loss, ce and zLoss. */
export function lmLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, zLossCoef: number): LossParts {
  if (targets.dtype !== 'int32') throw new Error(`lmLoss: targets must be int32 (got ${targets.dtype})`);
  const [B, T, V] = logits.shape;
  const N = B * T;
  // Spread into a literal: tf.tidy's container type wants an object type, not the LossParts interface.
  return tf.tidy(() => ({
    ...kernels().crossEntropy(tf.reshape(logits, [N, V]) as tf.Tensor2D, tf.reshape(targets, [N]), zLossCoef),
  }));
}
