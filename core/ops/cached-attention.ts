// One layer's attention while decoding with a KV cache (docs/palm.md §1 "attention": MQA's point is cheap decoding)
// in stock ops: the new keys and values are written into the cache, and the new queries attend over every cached row
// up to their own position. The reference of Kernels.cachedAttention; webgpu runs it as one kernel.
import * as tf from '@tensorflow/tfjs-core';
import { attentionCore, groupHeads, ungroupHeads, type BatchMatMul } from './attention';
import { applyRope, swapBySplit, type RopeQK, type SwapHalves } from './rope';

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
  /** Positions already cached: the new ones are start .. start + n - 1 (the causal mask follows from it). */
  start: number;
  nHeads: number;
  /** The n positions' tables, the query's scaled by 1/sqrt(Dh) (ropeQKTables); null: q is scaled by 1/sqrt(Dh) alone. */
  rope: RopeQK | null;
}

export interface CachedAttentionResult {
  /** The heads' outputs [B*n, H*Dh], before the output projection. */
  out: tf.Tensor2D;
  /** The caches with rows start .. start + n - 1 written: [B, capacity, G, Dh] each. */
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
}

/**
 * `cache` [B, capacity, G, Dh] with rows start .. start + n - 1 replaced by `rows` [B, n, G, Dh]. tfjs has no
 * in-place update, so the capacity is rebuilt around the new rows; the shape never changes.
 */
export function writeRows(cache: tf.Tensor4D, rows: tf.Tensor4D, start: number): tf.Tensor4D {
  const [B, capacity, G, Dh] = cache.shape;
  const n = rows.shape[1];
  const parts: tf.Tensor4D[] = [];
  if (start > 0) parts.push(tf.slice(cache, [0, 0, 0, 0], [B, start, G, Dh]));
  parts.push(rows);
  if (start + n < capacity) parts.push(tf.slice(cache, [0, start + n, 0, 0], [B, capacity - start - n, G, Dh]));
  return parts.length === 1 ? tf.clone(rows) : tf.concat(parts, 1);
}

/** A backend's fastest batched product and half swap, for the products and RoPE below. */
export interface CachedAttentionPrimitives {
  batchMatMul?: BatchMatMul;
  swapHalves?: SwapHalves;
}

/** Slice the projections out, rotate, write the rows, attend over rows 0 .. start + n - 1. */
export function cachedAttention(a: CachedAttentionArgs, p: CachedAttentionPrimitives = {}): CachedAttentionResult {
  const [B, , G, Dh] = a.keys.shape;
  const N = a.q.x.shape[0];
  const n = N / B;
  const heads = (c: Columns, count: number) =>
    tf.reshape(tf.slice(c.x, [0, c.col], [N, count * Dh]), [B, n, count, Dh]) as tf.Tensor4D;
  let q = heads(a.q, a.nHeads); // [B, n, H, Dh]
  let k = heads(a.k, G); // [B, n, G, Dh]
  if (a.rope) {
    const swap = p.swapHalves ?? swapBySplit;
    q = applyRope(q, a.rope.q, swap);
    k = applyRope(k, a.rope.k, swap);
  } else q = tf.mul(q, 1 / Math.sqrt(Dh));
  const keys = writeRows(a.keys, k, a.start);
  const values = writeRows(a.values, heads(a.v, G), a.start);
  const seen: [number, number, number, number] = [B, a.start + n, G, Dh];
  const kg = groupHeads(tf.slice(keys, [0, 0, 0, 0], seen), G); // [B*G, start + n, Dh]
  const vg = groupHeads(tf.slice(values, [0, 0, 0, 0], seen), G); // [B*G, start + n, Dh]
  const layout = { R: a.nHeads / G, offset: a.start };
  const out = attentionCore(groupHeads(q, G), kg, vg, layout, { batchMatMul: p.batchMatMul }); // [B*G, n·R, Dh]
  return { out: tf.reshape(ungroupHeads(out, B, n), [N, a.nHeads * Dh]), keys, values };
}
