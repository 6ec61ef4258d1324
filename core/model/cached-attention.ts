// One layer's attention while decoding with a KV cache (docs/palm.md §1 "attention": MQA's point is cheap decoding),
// as plain math: the new keys and values are written into the cache, and the new queries attend over every cached
// row up to their own position. The reference of Kernels.cachedAttention; webgpu runs it as one kernel.
import * as tf from '@tensorflow/tfjs-core';
import { kernels } from '../kernels';
import { attend } from './attention';
import { writeRows } from './kv-cache';
import type { RopeTables } from './rope';

/** A projection as columns col .. col + heads·Dh - 1 of a 2-D tensor [B*n, C]: z of the parallel block holds all three. */
export interface Columns {
  x: tf.Tensor2D;
  col: number;
}

export interface CachedAttentionArgs {
  /** The n new positions' queries (H heads), keys and values (G heads each), un-rotated, where they lie. */
  q: Columns;
  k: Columns;
  v: Columns;
  /** The layer's cache [B, capacity, G, Dh]; rows 0 .. start - 1 hold the earlier positions (rotated keys). */
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
  /** Positions already cached: the new ones are start .. start + n - 1. */
  start: number;
  nHeads: number;
  /** The n positions' tables, the query's scaled by 1/sqrt(Dh) (ropeTables); null: q is scaled by 1/sqrt(Dh) alone. */
  rope: { q: RopeTables; k: RopeTables } | null;
  /** causalMask(n, start + n, H / G): the plain math reads it; a fused kernel may compute it from positions. */
  mask: tf.Tensor2D;
}

export interface CachedAttentionResult {
  /** The heads' outputs [B*n, H*Dh], before the output projection. */
  out: tf.Tensor2D;
  /** The caches with rows start .. start + n - 1 written: [B, capacity, G, Dh] each. */
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
}

/** The plain math: slice the projections out, rotate, write the rows, attend over rows 0 .. start + n - 1. */
export function cachedAttentionPlain(a: CachedAttentionArgs): CachedAttentionResult {
  const [B, , G, Dh] = a.keys.shape;
  const N = a.q.x.shape[0];
  const n = N / B;
  const heads = (c: Columns, count: number) =>
    tf.reshape(tf.slice(c.x, [0, c.col], [N, count * Dh]), [B, n, count, Dh]) as tf.Tensor4D;
  let q = heads(a.q, a.nHeads); // [B, n, H, Dh]
  let k = heads(a.k, G); // [B, n, G, Dh]
  if (a.rope) ({ q, k } = kernels().ropeQK(q, k, a.rope));
  else q = tf.mul(q, 1 / Math.sqrt(Dh));
  const keys = writeRows(a.keys, k, a.start);
  const values = writeRows(a.values, heads(a.v, G), a.start);
  const seen: [number, number, number, number] = [B, a.start + n, G, Dh];
  const out = attend(q, tf.slice(keys, [0, 0, 0, 0], seen), tf.slice(values, [0, 0, 0, 0], seen), a.mask); // [B, n, H*Dh]
  return { out: tf.reshape(out, [N, a.nHeads * Dh]), keys, values };
}
