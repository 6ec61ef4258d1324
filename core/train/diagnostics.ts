// Evaluation beyond one number (docs/cli.md, Verdicts): the val loss per position, at 2x and 4x the training length, in
// bits per byte, and the stability diagnostics of Wortsman et al. 2023 (max attention logit, mean output log Z).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { evalBatches, type Batch } from '../data/sampler';
import { forward, tokenLosses, type Params } from '../model';
import type { RunSummary } from '../record';

export interface PositionEval {
  /** Token-weighted mean cross-entropy in nats (as evaluateLoss). */
  loss: number;
  tokens: number;
  /** Mean cross-entropy at each position 0 .. seqLen − 1. */
  byPosition: number[];
}

const toTokens = (b: Batch, rows: number, T: number) => ({
  inputs: tf.tensor2d(b.inputs, [rows, T], 'int32'), // [B, T]
  targets: tf.tensor2d(b.targets, [rows, T], 'int32'), // [B, T]
});

/** The loss of `params` over `batches` (windows of m.seqLen), overall and per position. */
export async function evaluateByPosition(params: Params, m: ModelConfig, batches: Batch[]): Promise<PositionEval> {
  if (batches.length === 0) throw new Error('evaluation needs at least one batch');
  const T = m.seqLen;
  const sums = batches.map((b) =>
    tf.tidy(() => {
      const rows = b.inputs.length / T;
      const { inputs, targets } = toTokens(b, rows, T);
      return tf.sum(tokenLosses(forward(params, m, inputs, { training: false }), targets).ce, 0); // [T]
    }),
  );
  const total = tf.tidy(() => tf.sum(tf.stack(sums), 0)); // [T]
  const perPosition = await total.data();
  tf.dispose([...sums, total]);
  const rows = batches.reduce((n, b) => n + b.inputs.length / T, 0);
  const byPosition = Array.from(perPosition, (s) => s / rows);
  return { loss: byPosition.reduce((a, b) => a + b, 0) / T, tokens: rows * T, byPosition };
}

/**
 * The val loss on windows `factor` × seqLen long. RoPE has no length limit; learned positions stop at their table
 * (maxPositions rows), reported as null with why.
 */
export async function evaluateAtLengths(
  params: Params,
  m: ModelConfig,
  val: Int32Array,
  batchSize: number,
  maxBatches: number,
  factors: readonly number[] = [2, 4],
): Promise<NonNullable<RunSummary['valLossAtLength']>> {
  const out: NonNullable<RunSummary['valLossAtLength']> = [];
  for (const factor of factors) {
    const seqLen = factor * m.seqLen;
    if (m.position === 'learned' && seqLen > m.maxPositions) {
      out.push({ factor, seqLen, loss: null, note: `learned positions stop at their table (${m.maxPositions} rows)` });
    } else if (val.length < seqLen + 1) {
      out.push({ factor, seqLen, loss: null, note: `the validation split (${val.length} tokens) is shorter` });
    } else {
      const batches = evalBatches(val, batchSize, seqLen, maxBatches);
      out.push({ factor, seqLen, loss: (await evaluateByPosition(params, { ...m, seqLen }, batches)).loss });
    }
  }
  return out;
}

export interface Diagnostics {
  /** The largest attention logit (q·k/sqrt(Dh), masked keys excluded) of any layer, head and token. */
  maxAttnLogit: number;
  /** The mean over tokens of log Z, the log of the softmax normaliser of the output logits. */
  meanLogZ: number;
}

/** Wortsman et al. 2023's two instability signals on one fixed batch, without dropout. */
export async function measureDiagnostics(params: Params, m: ModelConfig, batch: Batch): Promise<Diagnostics> {
  // forward() tidies its own intermediates: each layer's maximum is kept out of that tidy, then freed here.
  const maxima: tf.Tensor[] = [];
  const stats = tf.tidy(() => {
    const rows = batch.inputs.length / m.seqLen;
    const { inputs, targets } = toTokens(batch, rows, m.seqLen);
    const logits = forward(params, m, inputs, { training: false, onScores: (s) => maxima.push(tf.keep(tf.max(s))) });
    const { logZ } = tokenLosses(logits, targets); // [B, T]
    return tf.stack([tf.max(tf.stack(maxima)), tf.mean(logZ)]); // [2]
  });
  tf.dispose(maxima);
  const [maxAttnLogit, meanLogZ] = (await stats.data()) as unknown as [number, number]; // [2]
  stats.dispose();
  return { maxAttnLogit, meanLogZ };
}

/** Nats per token -> bits per byte of text, given how many tokens and bytes the validation text has. */
export function bitsPerByte(lossNats: number, tokens: number, bytes: number): number {
  if (!(tokens > 0 && bytes > 0)) throw new Error(`bitsPerByte needs tokens and bytes > 0 (got ${tokens}, ${bytes})`);
  return (lossNats / Math.LN2) * (tokens / bytes);
}
