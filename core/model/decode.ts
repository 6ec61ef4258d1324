// Autoregressive decoding with a KV cache (docs/palm.md §1 "attention": MQA's point is cheap decoding): a prefill of
// the prompt, then one token per step, each attending over the cached keys and values of every earlier position.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { kernels } from '../kernels';
import { makeDropout } from './dropout';
import { createKvCache, disposeKvCache, type KvCache } from './kv-cache';
import { decoderPass, type AttendCached } from './model';
import type { Params } from './params';
import { sampleFromLogits, seededUniform } from './sample';

/**
 * tokens [B, n] int32 at positions cache.length .. cache.length + n - 1 -> logits [B, n, V]; their keys and values
 * are appended to the cache. Safe inside an enclosing tf.tidy: the new cache tensors are kept, the old ones freed.
 */
export function decodeStep(params: Params, m: ModelConfig, cache: KvCache, tokens: tf.Tensor2D): tf.Tensor3D {
  const [B, n] = tokens.shape;
  const start = cache.length;
  if (cache.keys.length !== m.nLayers)
    throw new Error('decodeStep: the KV cache was disposed or made for another model');
  if (B !== cache.batch) throw new Error(`decodeStep: ${B} sequences, but the KV cache holds ${cache.batch}`);
  if (n < 1) throw new Error('decodeStep: needs at least one token');
  if (start + n > cache.capacity) {
    throw new Error(
      `decodeStep: ${start} cached + ${n} new positions exceed the KV cache capacity (${cache.capacity})`,
    );
  }
  const keys: tf.Tensor4D[] = [];
  const values: tf.Tensor4D[] = [];
  const logits = tf.tidy(() => {
    // The hook of the forward pass (model.ts): each layer's attention reads and extends this cache.
    const attendCached: AttendCached = (layer, qkv, ctx) => {
      const next = kernels().cachedAttention({
        ...qkv,
        keys: cache.keys[layer]!,
        values: cache.values[layer]!,
        start,
        nHeads: m.nHeads,
        rope: ctx.rope,
      });
      keys[layer] = tf.keep(next.keys); // [B, capacity, G, Dh]
      values[layer] = tf.keep(next.values); // [B, capacity, G, Dh]
      return next.out; // [B*n, H*Dh]
    };
    return decoderPass(params, m, tokens, { dropout: makeDropout(0, false), offset: start, attendCached });
  });
  tf.dispose([...cache.keys, ...cache.values]);
  cache.keys = keys;
  cache.values = values;
  cache.length = start + n;
  return logits;
}

export interface GenerateOptions {
  /** Tokens to generate (≥ 1). */
  maxTokens: number;
  /** Softmax temperature; 0 = greedy (argmax). */
  temperature: number;
  /** Sample among the k largest logits only; undefined = the whole vocabulary. */
  topK?: number;
  /** Seeds the sampler: the same seed gives the same ids. */
  seed: number;
  /** Called with the ids so far after each token, so a caller can stream the text. */
  onToken?: (ids: readonly number[]) => void;
}

export interface GenerateResult {
  /** The generated ids (the prompt not included). */
  ids: number[];
  /** Generated tokens per second of wall time, prefill included. */
  tokensPerSec: number;
}

/** The candidates for the next token after `tokens`: the argmax alone, the top-k logits, or all of them. */
function candidates(
  params: Params,
  m: ModelConfig,
  cache: KvCache,
  tokens: number[],
  opts: GenerateOptions,
): tf.Tensor[] {
  return tf.tidy(() => {
    const n = tokens.length;
    const logits = decodeStep(params, m, cache, tf.tensor2d([tokens], [1, n], 'int32')); // [1, n, V]
    const last = tf.reshape(tf.slice(logits, [0, n - 1, 0], [1, 1, m.vocabSize]), [m.vocabSize]); // [V]
    if (opts.temperature === 0) return [tf.argMax(last)];
    if (opts.topK === undefined || opts.topK >= m.vocabSize) return [last];
    const { values, indices } = tf.topk(last, opts.topK); // [k] each
    return [values, indices];
  });
}

/** Continue `promptIds` (one sequence) by opts.maxTokens tokens, sampled as opts says, through a KV cache. */
export async function generate(
  params: Params,
  m: ModelConfig,
  promptIds: number[],
  opts: GenerateOptions,
): Promise<GenerateResult> {
  const { maxTokens, temperature, topK } = opts;
  if (promptIds.length < 1) throw new Error('generate: the prompt needs at least one token');
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new Error(`generate: maxTokens must be a positive integer (got ${maxTokens})`);
  if (!(temperature >= 0)) throw new Error(`generate: temperature must be ≥ 0 (got ${temperature})`);
  if (topK !== undefined && (!Number.isInteger(topK) || topK < 1))
    throw new Error(`generate: topK must be a positive integer (got ${topK})`);

  const uniform = seededUniform(opts.seed);
  // The last generated token is never fed back, so the cache needs one position less than prompt + maxTokens.
  const cache = createKvCache(m, 1, promptIds.length + maxTokens - 1);
  const ids: number[] = [];
  const startMs = performance.now();
  try {
    let next = promptIds;
    while (ids.length < maxTokens) {
      const found = candidates(params, m, cache, next, opts);
      const [scores, indices] = (await Promise.all(found.map((t) => t.data()))) as [tf.TypedArray, tf.TypedArray?]; // candidates gives 1 or 2
      tf.dispose(found);
      const id =
        temperature === 0
          ? scores[0]!
          : sampleFromLogits(
              scores,
              indices ?? Array.from({ length: scores.length }, (_, i) => i),
              temperature,
              uniform,
            );
      ids.push(id);
      opts.onToken?.(ids);
      next = [id];
    }
  } finally {
    disposeKvCache(cache);
  }
  return { ids, tokensPerSec: ids.length / ((performance.now() - startMs) / 1000) };
}
