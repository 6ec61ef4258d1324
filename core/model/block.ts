// One transformer block (docs/palm.md §1 "block"): PaLM's parallel form y = x + Attn(N(x)) + MLP(N(x)) with ONE shared
// norm, or the serial form h = x + Attn(N1(x)); y = h + MLP(N2(h)).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { attention, type AttentionContext } from './attention';
import type { Dropout } from './dropout';
import { mlp } from './mlp';
import { norm } from './norm';
import type { Params } from './params';

export interface BlockContext extends AttentionContext {
  dropout: Dropout;
}

/** Block `i` on the residual stream x [B*T, D] -> [B*T, D]. */
export function block(params: Params, i: number, m: ModelConfig, x: tf.Tensor2D, ctx: BlockContext): tf.Tensor2D {
  const p = `blocks.${i}`;
  const { dropout } = ctx;
  if (m.block === 'parallel') {
    const h = norm(params, `${p}.norm1`, m, x); // [B*T, D], read by both branches
    return tf.addN([
      x,
      dropout(attention(params, i, m, h, ctx)),
      dropout(mlp(params, `${p}.mlp`, m, h)),
    ]) as tf.Tensor2D;
  }
  const h: tf.Tensor2D = tf.add(x, dropout(attention(params, i, m, norm(params, `${p}.norm1`, m, x), ctx)));
  return tf.add(h, dropout(mlp(params, `${p}.mlp`, m, norm(params, `${p}.norm2`, m, h))));
}
