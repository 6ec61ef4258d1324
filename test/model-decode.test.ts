// KV-cache decoding (core/model/decode.ts): a prefill then one token at a time gives the logits of the full forward
// pass at every position, for every attention kind, position scheme and block form; generation, sampling, cache size.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../core/config';
import {
  createKvCache,
  createParams,
  decodeStep,
  disposeKvCache,
  disposeParams,
  forward,
  generate,
  kvCacheBytes,
  paramsFromTensors,
} from '../core/model';
import { sampleFromLogits, seededUniform } from '../core/model/sample';
import { maxAbsDiff, randomTensors, tinyModel, tokenArray, tokens } from './model-helpers';

type ModelInput = NonNullable<ConfigInput['model']>;
const B = 2;
const T = 8;
/** float32 sums in a different order (a [Tk] row vs the masked [T] row): agreement well inside 1e-4. */
const TOL = 1e-4;

const ACTS = ['swiglu', 'gelu', 'relu'] as const;
const variants: (ModelInput & { name: string; prefill: number })[] = (['mha', 'mqa', 'gqa'] as const).flatMap(
  (attention, a) =>
    (['rope', 'learned'] as const).flatMap((position, p) =>
      (['serial', 'parallel'] as const).map((block, b) => {
        const i = a * 4 + p * 2 + b;
        return {
          name: `${attention} ${position} ${block}`,
          attention,
          kvHeads: attention === 'gqa' ? 2 : undefined,
          position,
          block,
          // The other switches rotate through the 12 variants so each value meets the cache at least once.
          activation: ACTS[i % 3],
          bias: i % 2 === 1,
          tieEmbeddings: i % 4 < 2,
          norm: i % 3 === 2 ? 'rmsnorm' : 'layernorm',
          prefill: 1 + (i % 3),
        } as const;
      }),
    ),
);

/** Logits of the last position of a full forward pass over `ids` (batch 1) -> [V] as an array. */
function lastLogits(
  params: ReturnType<typeof createParams>,
  m: ReturnType<typeof tinyModel>,
  ids: number[],
): Float32Array {
  return tf.tidy(() => {
    const logits = forward(params, m, tf.tensor2d([ids], [1, ids.length], 'int32'), { training: false });
    return tf.slice(logits, [0, ids.length - 1, 0], [1, 1, m.vocabSize]).dataSync() as Float32Array;
  });
}

const argmax = (xs: ArrayLike<number>) => Array.prototype.indexOf.call(xs, Math.max(...Array.from(xs)));

describe('cached decoding equals the full forward pass', () => {
  it.each(variants)('$name (prefill $prefill, then 1 per step)', ({ name: _name, prefill, ...overrides }) => {
    const m = tinyModel(overrides);
    const tensors = randomTensors(m, 5);
    const params = paramsFromTensors(m, tensors);
    tf.dispose(Object.values(tensors));
    const x = tokens(B, T, m.vocabSize, 21);
    const full = forward(params, m, x, { training: false }); // [B, T, V]
    const cache = createKvCache(m, B, T);
    const before = tf.memory().numTensors;
    for (let t = 0; t < T; t += t === 0 ? prefill : 1) {
      const n = t === 0 ? prefill : 1;
      const step = tf.slice(x, [0, t], [B, n]);
      const logits = decodeStep(params, m, cache, step); // [B, n, V]
      const expected = tf.slice(full, [0, t, 0], [B, n, m.vocabSize]);
      expect(logits.shape).toEqual([B, n, m.vocabSize]);
      expect(maxAbsDiff(logits, expected)).toBeLessThan(TOL);
      tf.dispose([step, logits, expected]);
      expect(cache.length).toBe(t + n);
      // The cache is rebuilt each step at a fixed shape: the tensor count does not grow with the position.
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(() => tf.tidy(() => decodeStep(params, m, cache, tf.zeros([B, 1], 'int32') as tf.Tensor2D))).toThrow(
      /capacity/,
    );
    disposeKvCache(cache);
    tf.dispose([x, full]);
    disposeParams(params);
  });
});

describe('generate', () => {
  const prompt = tokenArray(1, 3, 256, 9)[0]!;
  const maxTokens = 5; // prompt + 5 = 8 = the learned table's rows (maxPositions defaults to seqLen)

  it.each([{ position: 'rope' }, { position: 'learned', attention: 'mha', block: 'serial' }] as ModelInput[])(
    'greedy equals the argmax of a full forward pass re-run at each step: %o',
    async (overrides) => {
      const m = tinyModel(overrides);
      const params = createParams(m, 3);
      const expected = [...prompt];
      for (let s = 0; s < maxTokens; s++) expected.push(argmax(lastLogits(params, m, expected)));
      const before = tf.memory().numTensors;
      const { ids, tokensPerSec } = await generate(params, m, prompt, { maxTokens, temperature: 0, seed: 1 });
      expect(ids).toEqual(expected.slice(prompt.length));
      expect(tokensPerSec).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(before); // the cache and every step's tensors are freed
      disposeParams(params);
    },
  );

  it('top-k = 1 equals greedy at any temperature', async () => {
    const m = tinyModel();
    const params = createParams(m, 4);
    const greedy = await generate(params, m, prompt, { maxTokens, temperature: 0, seed: 1 });
    const top1 = await generate(params, m, prompt, { maxTokens, temperature: 1.5, topK: 1, seed: 2 });
    expect(top1.ids).toEqual(greedy.ids);
    disposeParams(params);
  });

  it('the same seed gives the same sample, another seed another, and every draw is among the top k', async () => {
    const m = tinyModel();
    const params = createParams(m, 6);
    const opts = { maxTokens, temperature: 1, topK: 8, seed: 42 };
    const a = await generate(params, m, prompt, opts);
    const b = await generate(params, m, prompt, opts);
    const c = await generate(params, m, prompt, { ...opts, seed: 43 });
    expect(b.ids).toEqual(a.ids);
    expect(c.ids).not.toEqual(a.ids);
    const seq = [...prompt];
    for (const id of a.ids) {
      const logits = Array.from(lastLogits(params, m, seq));
      const kth = [...logits].sort((x, y) => y - x)[opts.topK - 1]!;
      expect(logits[id]).toBeGreaterThanOrEqual(kth);
      seq.push(id);
    }
    disposeParams(params);
  });

  it('rejects a learned-position cache longer than the position table', async () => {
    const m = tinyModel({ position: 'learned' });
    expect(() => createKvCache(m, 1, T + 1)).toThrow(/learned position table/);
    const params = createParams(m, 1);
    const before = tf.memory().numTensors;
    await expect(generate(params, m, prompt, { maxTokens: T, temperature: 0, seed: 1 })).rejects.toThrow(
      /learned position table/,
    );
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
  });
});

describe('sampling', () => {
  it('draws ids with the frequencies of softmax(logits / temperature)', () => {
    const logits = [2, 1, 0, -1];
    const ids = [10, 11, 12, 13];
    const temperature = 0.7;
    const uniform = seededUniform(123);
    const counts = new Map<number, number>();
    const draws = 40_000;
    for (let i = 0; i < draws; i++) {
      const id = sampleFromLogits(logits, ids, temperature, uniform);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const w = logits.map((l) => Math.exp(l / temperature));
    const z = w.reduce((s, v) => s + v, 0);
    // Binomial standard error at 40k draws is under 0.0025; 0.01 is four of them.
    ids.forEach((id, i) => expect(Math.abs((counts.get(id) ?? 0) / draws - w[i]! / z)).toBeLessThan(0.01));
  });
});

describe('KV cache size', () => {
  it("MQA's cache is 1/H of MHA's (GQA's G/H), measured from the cache tensors", () => {
    const maxLen = 8;
    const bytes = (overrides: ModelInput) => {
      const m = tinyModel(overrides);
      const cache = createKvCache(m, B, maxLen);
      const n = kvCacheBytes(cache);
      disposeKvCache(cache);
      return { n, m };
    };
    const mha = bytes({ attention: 'mha' });
    const mqa = bytes({ attention: 'mqa' });
    const gqa = bytes({ attention: 'gqa', kvHeads: 2 });
    expect(mqa.n * mha.m.nHeads).toBe(mha.n);
    expect(gqa.n * 2).toBe(mha.n);
    // docs/palm.md §3: 2 · L · Hkv · Q · 4 bytes per position and sequence.
    expect(mqa.n).toBe(2 * mqa.m.nLayers * 1 * mqa.m.headDim * 4 * B * maxLen);
  });
});
