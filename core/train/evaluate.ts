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

/**
 * disjointWindows over a stream of byte-token chunks, yielding each batch as soon as its windows are read: memory
 * holds one chunk and one batch, whatever the stream's length.
 */
export async function* windowBatches(
  chunks: AsyncIterable<Uint8Array>,
  seqLen: number,
  batchSize: number,
): AsyncGenerator<Batch> {
  const span = seqLen + 1;
  const pending = new Int32Array(span * batchSize); // the windows of the batch being filled
  let filled = 0;
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length;) {
      const take = Math.min(chunk.length - at, pending.length - filled);
      pending.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === pending.length) {
        yield disjointWindows(pending, seqLen, batchSize)[0]!; // exactly batchSize windows: one batch
        filled = 0;
      }
    }
  }
  // The last, smaller batch of whole windows; a trailing partial window is dropped.
  if (filled >= span) yield* disjointWindows(pending.subarray(0, filled), seqLen, batchSize);
}

/** One batch's summed cross-entropy, read back, so a stream of batches keeps no tensors alive between them. */
async function batchLossSum(params: Params, m: ModelConfig, b: Batch): Promise<number> {
  const sum = tf.tidy(() => {
    const rows = b.inputs.length / m.seqLen;
    const inputs = tf.tensor2d(b.inputs, [rows, m.seqLen], 'int32');
    const targets = tf.tensor2d(b.targets, [rows, m.seqLen], 'int32');
    return tf.mul(computeLoss(params, m, inputs, targets, { training: false, zLossCoef: 0 }).ce, b.inputs.length);
  });
  try {
    return (await sum.data())[0]!; // a scalar
  } finally {
    sum.dispose();
  }
}

/**
 * evaluateLoss over a stream of batches. A non-finite batch loss stops the evaluation with an error naming the
 * batch: a NaN mean would otherwise be printed as a number (or as null in JSON).
 */
export async function evaluateLossStream(
  params: Params,
  m: ModelConfig,
  batches: AsyncIterable<Batch>,
  onBatch?: (tokens: number) => void,
): Promise<EvalResult> {
  let sum = 0;
  let tokens = 0;
  let index = 0;
  for await (const b of batches) {
    const batchSum = await batchLossSum(params, m, b);
    if (!Number.isFinite(batchSum)) {
      throw new Error(
        `the loss of batch ${index + 1} (tokens ${tokens + 1}-${tokens + b.inputs.length}) is ${batchSum}: the model's outputs are not finite`,
      );
    }
    sum += batchSum;
    tokens += b.inputs.length;
    index++;
    onBatch?.(tokens);
  }
  if (tokens === 0) throw new Error('evaluation needs at least one window of seqLen + 1 tokens');
  return { loss: sum / tokens, tokens };
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
