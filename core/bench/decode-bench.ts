// The decoding benchmark (docs/palm.md §1 "attention": MQA's point is cheap decoding): prefill a `context`-token prompt
// into the KV cache in one pass (for each of `batch` sequences), then time greedy single-token steps with ~context
// tokens cached, each clocked until the next ids have been read back. MHA and MQA of one base config side by side, interleaved token by token.
import * as tf from '@tensorflow/tfjs-core';
import type { Config, ModelConfig } from '../config/schema';
import { parseConfig, type ConfigInput } from '../config';
import { Rng } from '../data/random';
import { kvCacheBytesPerToken } from '../metrics/memory';
import { createKvCache, createParams, decodeStep, disposeKvCache, disposeParams } from '../model';
import { profileLaunches, type LaunchCounts } from './launches';
import { invertSpread, summarize, type Spread } from './stats';
import { withOverrides } from './variants';

export interface DecodeBenchOptions {
  /** Tokens in the cache when timing starts (the prompt, prefilled at once). */
  context: number;
  /** Timed decode steps after one untimed warm-up step. */
  tokens: number;
  /**
   * Sequences decoded at once (default 1). At batch 1 a small model's step is its weights and its launches; the
   * cache, where MQA saves H-fold, grows with batch × context, so that is where MQA's advantage appears.
   */
  batch?: number;
  now?: () => number;
}

export interface DecodeBenchResult {
  name: string;
  attention: string;
  kvHeads: number;
  context: number;
  batch: number;
  /** Per decode step (one token of each sequence), with context .. context + tokens - 1 tokens cached. */
  tokenMs: Spread;
  /** Generated tokens per second over the batch: batch / step time. */
  tokensPerSec: Spread;
  /** Backend kernels of one decoded token, and on webgpu its GPU programs (core/bench/launches.ts). */
  launchesPerToken: LaunchCounts;
  /** This variant's tokens/s over the first variant's (MQA over MHA), per interleaved round; absent on the first. */
  speedupOverFirst?: Spread;
  prefillMs: number;
  /** KV-cache bytes per token (2 L Hkv Dh float32) and for the whole context of one sequence. */
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

/**
 * One greedy step of every sequence: feed ids [B][n], return each sequence's argmax id (read back: the step is only
 * over once the ids are on the host).
 */
async function step(
  params: Parameters<typeof decodeStep>[0],
  m: ModelConfig,
  cache: Parameters<typeof decodeStep>[2],
  ids: number[][],
): Promise<number[]> {
  const B = ids.length;
  const n = ids[0]!.length;
  const next = tf.tidy(() => {
    const logits = decodeStep(params, m, cache, tf.tensor2d(ids, [B, n], 'int32')); // [B, n, V]
    return tf.argMax(tf.reshape(tf.slice(logits, [0, n - 1, 0], [B, 1, m.vocabSize]), [B, m.vocabSize]), 1); // [B]
  });
  const found = Array.from(await next.data());
  next.dispose();
  return found;
}

/** Each sequence's next input: its last id, as a one-token row. */
const rows = (ids: number[]) => ids.map((id) => [id]);

/** One variant's decoder, prefilled: its params, its cache and the ids it feeds next (one per sequence). */
interface Decoder {
  name: string;
  m: ModelConfig;
  params: ReturnType<typeof createParams>;
  cache: ReturnType<typeof createKvCache>;
  ids: number[];
  prefillMs: number;
  tokenMs: number[];
}

/**
 * Decode the variants side by side, interleaved token by token (docs/design.md §3: drift on a shared machine hits
 * every variant alike): each is prefilled with the same `context` random tokens, warmed up by one step, then timed
 * for opts.tokens steps, one step of each variant per round. Each result after the first carries its tokens/s over
 * the first's (MQA over MHA), a ratio per round.
 */
export async function benchDecode(
  variants: { name: string; config: Config }[],
  opts: DecodeBenchOptions,
): Promise<DecodeBenchResult[]> {
  const now = opts.now ?? (() => performance.now());
  const batch = opts.batch ?? 1;
  const decoders: Decoder[] = [];
  try {
    for (const { name, config } of variants) {
      const m = config.model;
      const rng = new Rng(config.train.seed + 2);
      const prompts = Array.from({ length: batch }, () =>
        Array.from({ length: opts.context }, () => rng.nextInt(m.vocabSize)),
      );
      const d: Decoder = {
        name,
        m,
        params: createParams(m, config.train.seed),
        cache: createKvCache(m, batch, opts.context + opts.tokens + 2), // + the warm-up and the counted token
        ids: [],
        prefillMs: 0,
        tokenMs: [],
      };
      decoders.push(d);
      const start = now();
      d.ids = await step(d.params, m, d.cache, prompts);
      d.prefillMs = now() - start;
      d.ids = await step(d.params, m, d.cache, rows(d.ids)); // warm-up: the first single-token shapes
    }
    for (let i = 0; i < opts.tokens; i++) {
      for (const d of decoders) {
        const t0 = now();
        d.ids = await step(d.params, d.m, d.cache, rows(d.ids));
        d.tokenMs.push(now() - t0);
      }
    }
    // One more token each, untimed, counted: what a token costs in launches does not depend on the clock.
    const launches: LaunchCounts[] = [];
    for (const d of decoders) {
      const { kernelLaunches, dispatches } = await profileLaunches(async () => {
        d.ids = await step(d.params, d.m, d.cache, rows(d.ids));
      });
      launches.push({ kernelLaunches, ...(dispatches === undefined ? {} : { dispatches }) });
    }
    const first = decoders[0]?.tokenMs ?? [];
    return decoders.map((d, j) => {
      const spread = summarize(d.tokenMs);
      const perToken = kvCacheBytesPerToken(d.m);
      return {
        name: d.name,
        attention: d.m.attention,
        kvHeads: d.m.kvHeads,
        context: opts.context,
        batch,
        tokenMs: spread,
        tokensPerSec: invertSpread(spread, batch),
        launchesPerToken: launches[j]!,
        // tokens/s over the first's = the first's ms over this one's, round by round.
        ...(j > 0 ? { speedupOverFirst: summarize(d.tokenMs.map((ms, i) => first[i]! / ms)) } : {}),
        prefillMs: d.prefillMs,
        kvBytesPerToken: perToken,
        kvBytesAtContext: perToken * opts.context,
      };
    });
  } finally {
    for (const d of decoders) {
      disposeKvCache(d.cache);
      disposeParams(d.params);
    }
  }
}
