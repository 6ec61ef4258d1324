// One training step (docs/palm.md §1 loss, §4 clipping): forward + loss, backward over the parameters, global-norm
// clipping and the optimizer update, all in one tf.tidy. Only three scalars survive, read back once per log interval.
import * as tf from '@tensorflow/tfjs-core';
import type { Config } from '../config/schema';
import type { Batch } from '../data/sampler';
import { computeLoss, type Params } from '../model';
import { deriveSeed } from '../model/random';
import { globalNormScale } from '../optim/clip';
import type { SlottedOptimizer } from '../optim/slotted-optimizer';

/**
 * tfjs-core alone registers no gradients (the union package @tensorflow/tfjs does). The host registers them once:
 * `import '@tensorflow/tfjs-core/dist/register_all_gradients'` in a bundle or a Vitest test; in plain Node that ESM
 * file does not load, so Node entries load the union package's CommonJS bundle (core/worker/node-gradients.ts).
 */
export function checkGradientsRegistered(): void {
  if (tf.getGradient('BatchMatMul') === undefined) {
    throw new Error(
      "TensorFlow.js gradients are not registered: import '@tensorflow/tfjs-core/dist/register_all_gradients' before training",
    );
  }
}

/** Columns of the per-step stats tensor: [ce, zLoss, gradNorm]. */
export const STEP_STATS = 3;

/** The dropout seed of step k: a pure function of (seed, k), so a resumed run draws the masks of the uninterrupted one. */
export function dropoutSeedAt(seed: number, step: number): number {
  // A stream of its own (index -1), apart from the parameter-init streams deriveSeed(seed, i ≥ 0).
  return deriveSeed(deriveSeed(seed, -1), step);
}

/**
 * Train on one batch at step `step` (1-based). Returns a [3] tensor (ce, zLoss, gradNorm before clipping) that the
 * caller owns; nothing else outlives the call except the updated parameters and optimizer slots.
 */
export function runTrainStep(
  params: Params,
  config: Config,
  optimizer: SlottedOptimizer,
  batch: Batch,
  step: number,
): tf.Tensor1D {
  const { model: m, train, optimizer: opt } = config;
  return tf.tidy(() => {
    const rows = batch.inputs.length / m.seqLen;
    const inputs = tf.tensor2d(batch.inputs, [rows, m.seqLen], 'int32'); // [B, T]
    const targets = tf.tensor2d(batch.targets, [rows, m.seqLen], 'int32'); // [B, T]
    // variableGrads runs f in a tidy of its own: keep ce and zLoss out of it, then free them here by hand.
    const kept: { ce?: tf.Scalar; zLoss?: tf.Scalar } = {};
    const { grads } = tf.variableGrads(() => {
      const parts = computeLoss(params, m, inputs, targets, {
        training: true,
        zLossCoef: train.zLossCoef,
        dropoutSeed: dropoutSeedAt(train.seed, step),
      });
      kept.ce = tf.keep(parts.ce);
      kept.zLoss = tf.keep(parts.zLoss);
      return parts.loss;
    }, Object.values(params));
    // The clip factor goes into the update kernels with the raw gradients (no clipped copies: a launch per parameter).
    const { norm, scale } = globalNormScale(grads, opt.clipNorm);
    optimizer.applyGradients(grads, scale ?? undefined);
    const ce = kept.ce as tf.Scalar;
    const zLoss = kept.zLoss as tf.Scalar;
    const stats = tf.stack([ce, zLoss, norm]) as tf.Tensor1D; // [3]
    tf.dispose([ce, zLoss]);
    return stats;
  });
}

/**
 * Read the stats of the steps since the last read in ONE round trip: stack them to [n, 3] and await its data.
 * Disposes the per-step tensors. Row i holds step (first + i).
 */
export async function readStepStats(pending: tf.Tensor1D[]): Promise<Float32Array> {
  if (pending.length === 0) return new Float32Array(0);
  const stacked = tf.stack(pending); // [n, 3]
  try {
    return (await stacked.data()) as Float32Array;
  } finally {
    tf.dispose([stacked, ...pending]);
  }
}
