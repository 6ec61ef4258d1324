// Mean next-token cross-entropy over fixed batches: the validation loss of the Trainer and `palm-workbench eval`.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import type { Batch } from '../data/sampler';
import { computeLoss, type Params } from '../model';

export interface EvalResult {
  /** Token-weighted mean cross-entropy in nats (no z-loss, no dropout). */
  loss: number;
  /** Predicted tokens. */
  tokens: number;
}

/**
 * A token stream cut into non-overlapping windows of seqLen + 1 tokens (inputs: the first seqLen, targets: the last
 * seqLen), the trailing partial window dropped, grouped into batches of at most batchSize windows.
 */
export function disjointWindows(ids: ArrayLike<number>, seqLen: number, batchSize: number): Batch[] {
  const span = seqLen + 1;
  const windows = Math.floor(ids.length / span);
  const batches: Batch[] = [];
  for (let first = 0; first < windows; first += batchSize) {
    const rows = Math.min(batchSize, windows - first);
    const inputs = new Int32Array(rows * seqLen);
    const targets = new Int32Array(rows * seqLen);
    for (let r = 0; r < rows; r++) {
      const start = (first + r) * span;
      for (let t = 0; t < seqLen; t++) {
        inputs[r * seqLen + t] = ids[start + t]!;
        targets[r * seqLen + t] = ids[start + t + 1]!;
      }
    }
    batches.push({ inputs, targets });
  }
  return batches;
}

/** The loss of `params` over `batches`; each batch's mean is weighted by its token count. */
export async function evaluateLoss(params: Params, m: ModelConfig, batches: Batch[]): Promise<EvalResult> {
  if (batches.length === 0) throw new Error('evaluation needs at least one batch');
  const perBatch = batches.map((b) =>
    tf.tidy(() => {
      const rows = b.inputs.length / m.seqLen;
      const inputs = tf.tensor2d(b.inputs, [rows, m.seqLen], 'int32');
      const targets = tf.tensor2d(b.targets, [rows, m.seqLen], 'int32');
      return tf.mul(computeLoss(params, m, inputs, targets, { training: false, zLossCoef: 0 }).ce, b.inputs.length);
    }),
  );
  // stack + sum, not addN: WebGPU's addN binds one storage buffer per input and Dawn allows only 8 per shader.
  const total = tf.tidy(() => tf.sum(tf.stack(perBatch))); // the stacked [n] tensor is freed here
  const sum = (await total.data())[0]!; // a scalar
  tf.dispose([...perBatch, total]);
  const tokens = batches.reduce((n, b) => n + b.inputs.length, 0);
  return { loss: sum / tokens, tokens };
}
