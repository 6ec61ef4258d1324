// Causal self-attention with H query heads and G = kvHeads K/V heads (docs/palm.md §1): MQA (G = 1, PaLM), GQA, MHA (G = H).
// Query head h reads K/V head floor(h / R), R = H / G. RoPE (rope.ts) on q and k; scores q k^T / sqrt(Dh).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { kernels } from '../kernels';
import { dense } from './dense';
import type { Params } from './params';
import { applyRope, type RopeTables } from './rope';

/** Added to the scores of masked keys: exp underflows to exactly 0, and unlike -Infinity it cannot make a NaN. */
const MASKED = -1e9;

/**
 * The additive causal mask [Tq * R, Tk] for query rows laid out as (t, r) pairs (see `attend`): row t * R + r is the
 * query at absolute position offset + t, which sees keys 0 .. offset + t. offset = Tk - Tq (keys already cached).
 */
export function causalMask(Tq: number, Tk: number, R: number, offset = Tk - Tq): tf.Tensor2D {
  const mask = new Float32Array(Tq * R * Tk);
  for (let t = 0; t < Tq; t++) {
    for (let r = 0; r < R; r++) mask.fill(MASKED, (t * R + r) * Tk + offset + t + 1, (t * R + r + 1) * Tk);
  }
  return tf.tensor2d(mask, [Tq * R, Tk]);
}

/**
 * Attention of q [B, Tq, H, Dh] over k, v [B, Tk, G, Dh] -> [B, Tq, H * Dh], mask from causalMask(Tq, Tk, H / G).
 * q comes pre-scaled by 1/sqrt(Dh) (attention() folds the scale into RoPE's tables when it can).
 *
 * The R query heads that share a K/V head are folded into the query rows: each of the B * G groups is one
 * [Tq * R, Dh] x [Dh, Tk] matmul. For MQA (G = 1) this needs no transpose at all ([B, T, H, Dh] already is
 * [B, T * H, Dh]), and no K/V head is ever copied H times.
 */
export function attend(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  mask: tf.Tensor2D,
  onScores?: ScoresHook,
): tf.Tensor3D {
  const [B, Tq, H, Dh] = q.shape;
  const [, Tk, G] = k.shape;
  const R = H / G;
  // Bring the group axis next to the batch when there is more than one group; a no-op reshape for MQA.
  const groupsFirst = (x: tf.Tensor4D, T: number, cols: number): tf.Tensor3D =>
    tf.reshape(G === 1 ? x : tf.transpose(tf.reshape(x, [B, T, G, cols]), [0, 2, 1, 3]), [B * G, T * (cols / Dh), Dh]);

  const qg = groupsFirst(q, Tq, R * Dh); // [B*G, Tq*R, Dh]
  const kg = groupsFirst(k, Tk, Dh); // [B*G, Tk, Dh]
  const vg = groupsFirst(v, Tk, Dh); // [B*G, Tk, Dh]

  const { batchMatMul } = kernels();
  const raw = batchMatMul(qg, kg, true); // [B*G, Tq*R, Tk]
  const scores = tf.add<tf.Tensor3D>(raw, mask); // [B*G, Tq*R, Tk]
  onScores?.(scores);
  const probs = tf.softmax(scores); // [B*G, Tq*R, Tk]
  const out = batchMatMul(probs, vg, false); // [B*G, Tq*R, Dh]

  const grouped = tf.reshape(out, [B, G, Tq, R * Dh]);
  return tf.reshape(G === 1 ? grouped : tf.transpose(grouped, [0, 2, 1, 3]), [B, Tq, H * Dh]);
}

/** Sees each layer's masked attention logits [B*G, Tq*R, Tk] (diagnostics: core/train/diagnostics.ts). */
export type ScoresHook = (scores: tf.Tensor3D) => void;

/** Stores a layer's new keys and values [B, T, G, Dh] and returns every key and value so far [B, Tk, G, Dh]. */
export type ExtendKv = (layer: number, k: tf.Tensor4D, v: tf.Tensor4D) => { k: tf.Tensor4D; v: tf.Tensor4D };

export interface AttentionContext {
  B: number;
  /** Query positions in this pass. */
  T: number;
  /** causalMask(T, Tk, H / kvHeads), shared by every layer of one pass (Tk = T without a KV cache). */
  mask: tf.Tensor2D;
  /**
   * Tables for the T query positions when position is "rope" (offset by the cached length), else null: the keys'
   * and the queries', the latter scaled by 1/sqrt(Dh) (ropeTables).
   */
  rope: { q: RopeTables; k: RopeTables } | null;
  /** The KV cache's hook (decode.ts); absent, the pass attends over its own T keys. */
  extendKv?: ExtendKv;
  onScores?: ScoresHook;
}

/** The attention branch of block `layer` on normalised x [B*T, D] -> [B*T, D]. */
export function attention(
  params: Params,
  layer: number,
  m: ModelConfig,
  x: tf.Tensor2D,
  ctx: AttentionContext,
): tf.Tensor2D {
  const { B, T } = ctx;
  const prefix = `blocks.${layer}.attn`;
  const b = (name: string) => (m.bias ? `${prefix}.${name}` : null);
  let q = tf.reshape(dense(params, x, `${prefix}.wq`, b('bq')), [B, T, m.nHeads, m.headDim]) as tf.Tensor4D;
  let k = tf.reshape(dense(params, x, `${prefix}.wk`, b('bk')), [B, T, m.kvHeads, m.headDim]) as tf.Tensor4D;
  let v = tf.reshape(dense(params, x, `${prefix}.wv`, b('bv')), [B, T, m.kvHeads, m.headDim]) as tf.Tensor4D;
  // Scaling q rather than the scores: fewer elements; free when RoPE's tables carry it.
  if (ctx.rope) {
    q = applyRope(q, ctx.rope.q);
    k = applyRope(k, ctx.rope.k);
  } else q = tf.mul(q, 1 / Math.sqrt(m.headDim));
  if (ctx.extendKv) ({ k, v } = ctx.extendKv(layer, k, v)); // [B, Tk, G, Dh]: the cache holds rotated keys
  const out = tf.reshape(attend(q, k, v, ctx.mask, ctx.onScores), [B * T, m.nHeads * m.headDim]) as tf.Tensor2D;
  return dense(params, out, `${prefix}.wo`, b('bo'));
}
