// The forward pass of the decoder LM (PALM.md §1), top to bottom: embed (+ learned positions), blocks, final norm,
// output projection (tied: x @ embed^T / sqrt(D); untied: x @ lm_head). The residual stream stays [B*T, D] so every
// projection is a plain 2-D matmul.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { causalMask } from './attention';
import { block } from './block';
import { makeDropout } from './dropout';
import { norm } from './norm';
import { param, type Params } from './params';
import { ropeTables } from './rope';
import { gatherRows } from './sparse';

export interface ForwardOptions {
  /** Dropout is active only when training and m.dropout > 0. */
  training: boolean;
  /** Makes the dropout masks reproducible; unseeded masks otherwise. */
  dropoutSeed?: number;
}

/** tokens [B, T] int32 -> logits [B, T, V] float32. Intermediates are freed; gradients flow to the variables. */
export function forward(params: Params, m: ModelConfig, tokens: tf.Tensor2D, opts: ForwardOptions): tf.Tensor3D {
  if (tokens.dtype !== 'int32') throw new Error(`forward: tokens must be int32 (got ${tokens.dtype})`);
  const [B, T] = tokens.shape;
  if (m.position === 'learned' && T > m.maxPositions) {
    throw new Error(`forward: sequence length ${T} exceeds the learned position table (${m.maxPositions} rows)`);
  }
  const D = m.dModel;
  return tf.tidy(() => {
    const dropout = makeDropout(m.dropout, opts.training, opts.dropoutSeed);
    const embed = param(params, 'embed'); // [V, D]
    let x = gatherRows(embed as tf.Tensor2D, tf.reshape(tokens, [B * T])); // [B*T, D]
    if (m.position === 'learned') {
      const pos = tf.slice(param(params, 'pos_embed'), [0, 0], [T, D]); // [T, D]
      x = tf.reshape(tf.add(tf.reshape(x, [B, T, D]), pos), [B * T, D]);
    }
    x = dropout(x);

    const ctx = {
      B,
      T,
      dropout,
      mask: causalMask(T, T, m.nHeads / m.kvHeads),
      rope: m.position === 'rope' ? ropeTables(T, m.headDim) : null,
    };
    for (let i = 0; i < m.nLayers; i++) x = block(params, i, m, x, ctx);
    x = norm(params, 'final_norm', m, x);

    const logits = m.tieEmbeddings
      ? tf.matMul(tf.mul(x, 1 / Math.sqrt(D)), embed, false, true) // [B*T, V]; scaling x is cheaper than the logits
      : tf.matMul(x, param(params, 'lm_head') as tf.Tensor2D); // [B*T, V]
    return tf.reshape(logits, [B, T, m.vocabSize]);
  });
}
