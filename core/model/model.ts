// The forward pass of the decoder LM (docs/palm.md §1), top to bottom: embed (+ learned positions), blocks, final norm,
// output projection (tied: x @ embed^T / sqrt(D); untied: x @ lm_head). The residual stream stays [B*T, D] so every
// projection is a plain 2-D matmul.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { kernels } from '../kernels';
import { causalMask, type AttendCached, type ScoresHook } from './attention';
import { block } from './block';
import { makeDropout, type Dropout } from './dropout';
import { norm } from './norm';
import { param, type Params } from './params';
import { ropeTables } from './rope';
import { gatherRows } from './sparse';

export interface ForwardOptions {
  /** Dropout is active only when training and m.dropout > 0. */
  training: boolean;
  /** Makes the dropout masks reproducible; unseeded masks otherwise. */
  dropoutSeed?: number;
  /** Sees every layer's attention logits (stability diagnostics). */
  onScores?: ScoresHook;
}

/** tokens [B, T] int32 -> logits [B, T, V] float32. Intermediates are freed; gradients flow to the variables. */
export function forward(params: Params, m: ModelConfig, tokens: tf.Tensor2D, opts: ForwardOptions): tf.Tensor3D {
  return tf.tidy(() =>
    decoderPass(params, m, tokens, {
      dropout: makeDropout(m.dropout, opts.training, opts.dropoutSeed),
      offset: 0,
      onScores: opts.onScores,
    }),
  );
}

export interface PassOptions {
  dropout: Dropout;
  /** Absolute position of the first token: the KV cache's length when decoding, else 0. */
  offset: number;
  /** The KV cache's attention; absent, the pass attends over its own tokens only. */
  attendCached?: AttendCached;
  onScores?: ScoresHook;
}

/**
 * The body shared by forward() and decodeStep(): tokens [B, T] int32 at positions offset .. offset + T - 1 ->
 * logits [B, T, V]. Not tidied: the caller runs it inside tf.tidy.
 */
export function decoderPass(params: Params, m: ModelConfig, tokens: tf.Tensor2D, opts: PassOptions): tf.Tensor3D {
  if (tokens.dtype !== 'int32') throw new Error(`forward: tokens must be int32 (got ${tokens.dtype})`);
  const [B, T] = tokens.shape;
  const { dropout, offset } = opts;
  if (m.position === 'learned' && offset + T > m.maxPositions) {
    throw new Error(
      `forward: positions up to ${offset + T} exceed the learned position table (${m.maxPositions} rows)`,
    );
  }
  const D = m.dModel;
  const embed = param(params, 'embed'); // [V, D]
  let x = gatherRows(embed as tf.Tensor2D, tf.reshape(tokens, [B * T])); // [B*T, D]
  if (m.position === 'learned') {
    const pos = tf.slice(param(params, 'pos_embed'), [offset, 0], [T, D]); // [T, D]
    x = tf.reshape(tf.add(tf.reshape(x, [B, T, D]), pos), [B * T, D]);
  }
  x = dropout(x);

  const ctx = {
    B,
    T,
    dropout,
    mask: causalMask(T, offset + T, m.nHeads / m.kvHeads),
    rope:
      m.position === 'rope'
        ? { q: ropeTables(T, m.headDim, offset, 1 / Math.sqrt(m.headDim)), k: ropeTables(T, m.headDim, offset) }
        : null,
    attendCached: opts.attendCached,
    onScores: opts.onScores,
  };
  for (let i = 0; i < m.nLayers; i++) x = block(params, i, m, x, ctx);
  x = norm(params, 'final_norm', m, x);

  const head = m.tieEmbeddings ? null : (param(params, 'lm_head') as tf.Tensor2D); // [D, V]
  // Tied: scaling x is cheaper than scaling the logits.
  const xs: tf.Tensor2D = head ? x : tf.mul(x, 1 / Math.sqrt(D)); // [B*T, D]
  const logits = head ? kernels().matMul(xs, head) : kernels().matMulTransposeB(xs, embed as tf.Tensor2D); // [B*T, V]
  return tf.reshape(logits, [B, T, m.vocabSize]);
}
