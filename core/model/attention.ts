// Causal self-attention with H query heads and G = kvHeads K/V heads (docs/palm.md §1): MQA (G = 1, PaLM), GQA, MHA (G = H).
// Query head h reads K/V head floor(h / R), R = H / G. RoPE (rope.ts) on q and k; scores q k^T / sqrt(Dh).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { kernels } from '../kernels';
import { attentionCore } from './attention-core';
import type { Columns } from './cached-attention';
import { dense } from './dense';
import type { Params } from './params';
import type { RopeTables } from './rope';

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

  const out = attentionCore(qg, kg, vg, mask, onScores, R); // [B*G, Tq*R, Dh]: softmax(q k^T + mask) v

  const grouped = tf.reshape(out, [B, G, Tq, R * Dh]);
  return tf.reshape(G === 1 ? grouped : tf.transpose(grouped, [0, 2, 1, 3]), [B, Tq, H * Dh]);
}

/** Sees each layer's masked attention logits [B*G, Tq*R, Tk] (diagnostics: core/train/diagnostics.ts). */
export type ScoresHook = (scores: tf.Tensor3D) => void;

/**
 * Decoding's attention of block `layer` over its KV cache (decode.ts keeps the new cache), from the projections where
 * they lie: the parallel block hands its fused z once for all three, since splitting it would cost a launch a piece.
 * -> the heads' outputs [B*T, H*Dh].
 */
export type AttendCached = (
  layer: number,
  qkv: { q: Columns; k: Columns; v: Columns },
  ctx: AttentionContext,
) => tf.Tensor2D;

export interface AttentionContext {
  B: number;
  /** Query positions in this pass. */
  T: number;
  /** causalMask(T, Tk, H / kvHeads), shared by every layer of one pass (Tk = offset + T with a KV cache). */
  mask: tf.Tensor2D;
  /**
   * Tables for the T query positions when position is "rope" (offset by the cached length), else null: the keys'
   * and the queries', the latter scaled by 1/sqrt(Dh) (ropeTables).
   */
  rope: { q: RopeTables; k: RopeTables } | null;
  /** The KV cache's attention (decode.ts); absent, the pass attends over its own T keys. */
  attendCached?: AttendCached;
  onScores?: ScoresHook;
}

/**
 * Attention over projected q [B*T, H*Dh], k, v [B*T, G*Dh] of block `layer` -> the heads' outputs [B*T, H*Dh], before
 * the output projection (the parallel block feeds it to its fused [Wo ; Wdown], block.ts).
 */
export function attendProjected(
  layer: number,
  m: ModelConfig,
  q2: tf.Tensor2D,
  k2: tf.Tensor2D,
  v2: tf.Tensor2D,
  ctx: AttentionContext,
): tf.Tensor2D {
  const { B, T } = ctx;
  if (ctx.attendCached) {
    return ctx.attendCached(layer, { q: { x: q2, col: 0 }, k: { x: k2, col: 0 }, v: { x: v2, col: 0 } }, ctx);
  }
  let q = tf.reshape(q2, [B, T, m.nHeads, m.headDim]) as tf.Tensor4D;
  let k = tf.reshape(k2, [B, T, m.kvHeads, m.headDim]) as tf.Tensor4D;
  const v = tf.reshape(v2, [B, T, m.kvHeads, m.headDim]) as tf.Tensor4D;
  // Scaling q rather than the scores: fewer elements; free when RoPE's tables carry it.
  if (ctx.rope)
    ({ q, k } = kernels().ropeQK(q, k, ctx.rope)); // applyRope on both (one kernel on webgpu)
  else q = tf.mul(q, 1 / Math.sqrt(m.headDim));
  return tf.reshape(attend(q, k, v, ctx.mask, ctx.onScores), [B * T, m.nHeads * m.headDim]) as tf.Tensor2D;
}

/** The attention branch of block `layer` with its own projections on normalised x [B*T, D] -> [B*T, D] (serial). */
export function attention(
  params: Params,
  layer: number,
  m: ModelConfig,
  x: tf.Tensor2D,
  ctx: AttentionContext,
): tf.Tensor2D {
  const prefix = `blocks.${layer}.attn`;
  const b = (name: string) => (m.bias ? `${prefix}.${name}` : null);
  const q = dense(params, x, `${prefix}.wq`, b('bq')); // [B*T, H*Dh]
  const k = dense(params, x, `${prefix}.wk`, b('bk')); // [B*T, G*Dh]
  const v = dense(params, x, `${prefix}.wv`, b('bv')); // [B*T, G*Dh]
  return dense(params, attendProjected(layer, m, q, k, v, ctx), `${prefix}.wo`, b('bo'));
}
