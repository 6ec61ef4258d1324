// The decoding benchmark (docs/palm.md §1 "attention": MQA's point is cheap decoding): prefill a `context`-token prompt
// into the KV cache in one pass, then time greedy single-token steps with ~context tokens cached, each clocked until
// the next token id has been read back. MHA and MQA of one base config side by side.
import * as tf from '@tensorflow/tfjs-core';
import type { Config, ModelConfig } from '../config/schema';
import { parseConfig, type ConfigInput } from '../config';
import { Rng } from '../data/random';
import { kvCacheBytesPerToken } from '../metrics/memory';
import { createKvCache, createParams, decodeStep, disposeKvCache, disposeParams } from '../model';
import { invertSpread, summarize, type Spread } from './stats';
import { withOverrides } from './variants';

export interface DecodeBenchOptions {
  /** Tokens in the cache when timing starts (the prompt, prefilled at once). */
  context: number;
  /** Timed decode steps after one untimed warm-up step. */
  tokens: number;
  now?: () => number;
}

export interface DecodeBenchResult {
  name: string;
  attention: string;
  kvHeads: number;
  context: number;
  /** Per generated token, with context .. context + tokens - 1 tokens cached. */
  tokenMs: Spread;
  tokensPerSec: Spread;
  prefillMs: number;
  /** KV-cache bytes per token (2 L Hkv Dh float32) and for the whole context. */
  kvBytesPerToken: number;
  kvBytesAtContext: number;
}

/** The base as MHA and as MQA, both with rope (a learned table cannot decode past seqLen). */
export function decodeVariants(base: ConfigInput): { name: string; config: Config }[] {
  return (['mha', 'mqa'] as const).map((attention) => ({
    name: attention,
    config: parseConfig(withOverrides(base, { model: { attention, kvHeads: undefined, position: 'rope' } })),
  }));
}

/** One greedy step: feed `id`, return the argmax id (read back: the step is only over once it is on the host). */
async function step(
  params: Parameters<typeof decodeStep>[0],
  m: ModelConfig,
  cache: Parameters<typeof decodeStep>[2],
  ids: number[],
): Promise<number> {
  const next = tf.tidy(() => {
    const logits = decodeStep(params, m, cache, tf.tensor2d([ids], [1, ids.length], 'int32')); // [1, n, V]
    return tf.argMax(tf.reshape(tf.slice(logits, [0, ids.length - 1, 0], [1, 1, m.vocabSize]), [m.vocabSize])); // []
  });
  const id = (await next.data())[0]!; // argMax of a vector: a scalar, one value
  next.dispose();
  return id;
}

export async function benchDecode(name: string, config: Config, opts: DecodeBenchOptions): Promise<DecodeBenchResult> {
  const now = opts.now ?? (() => performance.now());
  const m = config.model;
  const rng = new Rng(config.train.seed + 2);
  const prompt = Array.from({ length: opts.context }, () => rng.nextInt(m.vocabSize));
  const params = createParams(m, config.train.seed);
  const cache = createKvCache(m, 1, opts.context + opts.tokens + 1);
  try {
    const start = now();
    let id = await step(params, m, cache, prompt);
    const prefillMs = now() - start;
    id = await step(params, m, cache, [id]); // warm-up: the first single-token shapes
    const tokenMs: number[] = [];
    for (let i = 0; i < opts.tokens; i++) {
      const t0 = now();
      id = await step(params, m, cache, [id]);
      tokenMs.push(now() - t0);
    }
    const spread = summarize(tokenMs);
    const perToken = kvCacheBytesPerToken(m);
    return {
      name,
      attention: m.attention,
      kvHeads: m.kvHeads,
      context: opts.context,
      tokenMs: spread,
      tokensPerSec: invertSpread(spread, 1),
      prefillMs,
      kvBytesPerToken: perToken,
      kvBytesAtContext: perToken * opts.context,
    };
  } finally {
    disposeKvCache(cache);
    disposeParams(params);
  }
}
