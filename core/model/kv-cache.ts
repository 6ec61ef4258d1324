// The KV cache of autoregressive decoding (docs/palm.md §1 "attention", §3 "KV-cache bytes"): per layer, the rotated keys
// and the values of every position so far, Hkv heads only, so MQA's cache is 1/H of MHA's.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';

export interface KvCache {
  batch: number;
  /** Positions the cache can hold (fixed at creation). */
  capacity: number;
  /** Positions filled so far: the absolute position of the next token. */
  length: number;
  /** Per layer [B, capacity, Hkv, Dh]; rows at and past `length` are zeros. */
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
}

/** An empty cache for `batch` sequences of at most `maxLen` positions; free it with disposeKvCache. */
export function createKvCache(m: ModelConfig, batch: number, maxLen: number): KvCache {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`createKvCache: batch must be a positive integer (got ${batch})`);
  if (!Number.isInteger(maxLen) || maxLen < 1)
    throw new Error(`createKvCache: maxLen must be a positive integer (got ${maxLen})`);
  if (m.position === 'learned' && maxLen > m.maxPositions) {
    throw new Error(
      `createKvCache: maxLen ${maxLen} exceeds the learned position table (${m.maxPositions} rows); decoding further needs rope`,
    );
  }
  const shape: [number, number, number, number] = [batch, maxLen, m.kvHeads, m.headDim];
  const layers = Array.from({ length: m.nLayers }, () => 0);
  return {
    batch,
    capacity: maxLen,
    length: 0,
    keys: layers.map(() => tf.zeros(shape) as tf.Tensor4D),
    values: layers.map(() => tf.zeros(shape) as tf.Tensor4D),
  };
}

/** Bytes held by the cache's tensors, measured from the tensors themselves. */
export function kvCacheBytes(cache: KvCache): number {
  return [...cache.keys, ...cache.values].reduce((bytes, t) => bytes + t.size * tf.util.bytesPerElement(t.dtype), 0);
}

export function disposeKvCache(cache: KvCache): void {
  tf.dispose([...cache.keys, ...cache.values]);
  cache.keys = [];
  cache.values = [];
}
