// Decoding's fused attention over the KV cache on webgpu (core/kernels/webgpu/fused-cached-attention.ts) against the plain
// math on the cpu backend (core/ops/cached-attention.ts): outputs and both new caches, for MQA/GQA/MHA, RoPE or
// scaled queries, prefill and single tokens, projections in one fused tensor or apart, and caches longer than a chunk.
// Then whole decoding on webgpu against the full forward pass, and the launches of one decoded token (issue 10: ≤ 60).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { kernelRecords, profileLaunches } from '../../core/bench/launches';
import { parseConfig } from '../../core/config';
import { CACHED_ATTENTION, fusedCachedAttention } from '../../core/kernels/webgpu/fused-cached-attention';
import { createKvCache, createParams, decodeStep, disposeKvCache, disposeParams, forward } from '../../core/model';
import { cachedAttention as cachedAttentionPlain, type CachedAttentionArgs } from '../../core/ops/cached-attention';
import { ropeTables } from '../../core/ops/rope';
import { shrunkReference } from '../launch-helpers';
import { tinyModel, tokens } from '../model-helpers';

/** max |a - b|, read back asynchronously (webgpu in Node has no synchronous read: no OffscreenCanvas). */
async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const [value] = await d.data();
  d.dispose();
  return value!;
}

const wave = (n: number, a: number, b: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(a * i + b));

interface Case {
  name: string;
  B: number;
  n: number;
  start: number;
  capacity: number;
  H: number;
  G: number;
  Dh: number;
  rope: boolean;
  /** q, k, v as column ranges of one tensor with other columns around them (the parallel block's z). */
  fused: boolean;
}

const CASES: Case[] = [
  {
    name: 'MQA, one token, rope, fused z',
    B: 1,
    n: 1,
    start: 9,
    capacity: 12,
    H: 4,
    G: 1,
    Dh: 8,
    rope: true,
    fused: true,
  },
  {
    name: 'MHA, one token, rope, apart',
    B: 2,
    n: 1,
    start: 5,
    capacity: 8,
    H: 2,
    G: 2,
    Dh: 8,
    rope: true,
    fused: false,
  },
  { name: 'GQA prefill, rope, fused z', B: 2, n: 5, start: 0, capacity: 7, H: 4, G: 2, Dh: 6, rope: true, fused: true },
  { name: 'MQA, 3 tokens, scaled q', B: 1, n: 3, start: 2, capacity: 6, H: 2, G: 1, Dh: 4, rope: false, fused: false },
  // 602 keys: two chunks of the online softmax; Dh 80: two output columns per thread.
  {
    name: 'MQA past a chunk, Dh 80',
    B: 1,
    n: 2,
    start: 600,
    capacity: 700,
    H: 2,
    G: 1,
    Dh: 80,
    rope: true,
    fused: true,
  },
];

/** The arrays of one case: projections (one z, or q, k, v apart), caches with rows 0 .. start - 1 filled. */
function inputs(c: Case) {
  const N = c.B * c.n;
  const qDim = c.H * c.Dh;
  const kvDim = c.G * c.Dh;
  const cacheSize = c.B * c.capacity * kvDim;
  const filled = (seed: number) => {
    const x = wave(cacheSize, 0.37, seed);
    for (let i = 0; i < cacheSize; i++) if (Math.floor(i / kvDim) % c.capacity >= c.start) x[i] = 0; // past the cached rows
    return x;
  };
  // z: [3 spare | q | k | v | 5 spare] columns; apart: three tensors.
  const zCols = 3 + qDim + 2 * kvDim + 5;
  return {
    N,
    z: wave(N * zCols, 0.53, 0.2),
    zCols,
    q: wave(N * qDim, 0.61, 0.3),
    k: wave(N * kvDim, 0.47, 0.4),
    v: wave(N * kvDim, 0.29, 0.5),
    keys: filled(0.6),
    values: filled(0.7),
  };
}

/** The case's outputs on `backend` by `f`: out, keys, values as arrays. */
async function evaluate(backend: string, c: Case, f: typeof cachedAttentionPlain) {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const a = inputs(c);
  const qDim = c.H * c.Dh;
  const kvDim = c.G * c.Dh;
  const result = tf.tidy(() => {
    const z = tf.tensor2d(a.z, [a.N, a.zCols]);
    const cols: Pick<CachedAttentionArgs, 'q' | 'k' | 'v'> = c.fused
      ? { q: { x: z, col: 3 }, k: { x: z, col: 3 + qDim }, v: { x: z, col: 3 + qDim + kvDim } }
      : {
          q: { x: tf.tensor2d(a.q, [a.N, qDim]), col: 0 },
          k: { x: tf.tensor2d(a.k, [a.N, kvDim]), col: 0 },
          v: { x: tf.tensor2d(a.v, [a.N, kvDim]), col: 0 },
        };
    const shape: [number, number, number, number] = [c.B, c.capacity, c.G, c.Dh];
    const r = f({
      ...cols,
      keys: tf.tensor4d(a.keys, shape),
      values: tf.tensor4d(a.values, shape),
      start: c.start,
      nHeads: c.H,
      rope: c.rope
        ? { q: ropeTables(c.n, c.Dh, c.start, 1 / Math.sqrt(c.Dh)), k: ropeTables(c.n, c.Dh, c.start) }
        : null,
    });
    return [r.out, r.keys, r.values];
  });
  const arrays = await Promise.all(result.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(result);
  expect(tf.memory().numTensors).toBe(before);
  return arrays;
}

describe('fused cached attention on webgpu matches the plain math on cpu', () => {
  it.each(CASES)('$name', async (c) => {
    const want = await evaluate('cpu', c, cachedAttentionPlain);
    const got = await evaluate('webgpu', c, fusedCachedAttention);
    // float32: the outputs are convex combinations of values in [-1, 1] summed in another order (chunks, a running
    // max): 1e-5 absolute; the caches are copies and one rotation each: 1e-6.
    const tol = [1e-5, 1e-6, 1e-6];
    want.forEach((w, j) => {
      expect(got[j]!.length).toBe(w.length);
      let worst = 0;
      w.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - got[j]![i]!))));
      expect(worst, ['out', 'keys', 'values'][j]).toBeLessThanOrEqual(tol[j]!);
    });
    await tf.setBackend('webgpu');
  });
});

describe('decoding on webgpu through the fused kernel equals the full forward pass', () => {
  it.each([
    { attention: 'mqa', position: 'rope', block: 'parallel' },
    { attention: 'mha', position: 'rope', block: 'serial' },
    { attention: 'gqa', kvHeads: 2, position: 'learned', block: 'parallel', bias: true },
  ] as const)('$attention $position $block', async (overrides) => {
    expect(tf.getBackend()).toBe('webgpu');
    const m = tinyModel(overrides);
    const params = createParams(m, 3);
    const B = 2;
    const T = 6;
    const x = tokens(B, T, m.vocabSize, 9);
    const full = forward(params, m, x, { training: false }); // [B, T, V]
    const cache = createKvCache(m, B, T);
    const before = tf.memory().numTensors;
    let kernels: string[] = [];
    for (let t = 0; t < T; t += t === 0 ? 3 : 1) {
      const n = t === 0 ? 3 : 1; // a prefill of 3, then one token at a time
      const step = tf.slice(x, [0, t], [B, n]);
      let logits: tf.Tensor3D | undefined;
      const info = await tf.profile(() => {
        logits = decodeStep(params, m, cache, step as tf.Tensor2D);
      });
      kernels = info.kernels.map((k) => k.name);
      const expected = tf.slice(full, [0, t, 0], [B, n, m.vocabSize]);
      expect(await maxAbsDiff(logits!, expected)).toBeLessThan(1e-4);
      tf.dispose([step, logits!, expected]);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(kernels.filter((k) => k === CACHED_ATTENTION).length).toBe(m.nLayers);
    disposeKvCache(cache);
    tf.dispose([x, full]);
    disposeParams(params);
  });
});

/** Kernels and GPU programs of one greedy decoded token (logits, last row, argmax) with `context` tokens cached. */
async function tokenLaunches(attention: 'mqa' | 'mha') {
  const m = parseConfig(shrunkReference({ attention, position: 'rope', seqLen: 32 })).model;
  const params = createParams(m, 1);
  const cache = createKvCache(m, 1, 32);
  const step = async (ids: number[]) => {
    const next = tf.tidy(() => {
      const logits = decodeStep(params, m, cache, tf.tensor2d([ids], [1, ids.length], 'int32'));
      return tf.argMax(tf.reshape(tf.slice(logits, [0, ids.length - 1, 0], [1, 1, m.vocabSize]), [m.vocabSize]));
    });
    const id = (await next.data())[0]!;
    next.dispose();
    return id;
  };
  try {
    let id = await step([1, 2, 3, 4, 5, 6, 7, 8]);
    id = await step([id]);
    const counts = await profileLaunches(async () => {
      id = await step([id]);
    });
    return { ...counts, names: kernelRecords(counts.info.kernels, 'webgpu').map((r) => r.name) };
  } finally {
    disposeKvCache(cache);
    disposeParams(params);
  }
}

// A decoded token of the reference (4 layers) before the fused kernel: MQA 122 kernels / 107 dispatches, MHA 150 / 123.
const DECODE_BUDGET = 60;

it('one decoded token of the reference on webgpu: ≤ 60 kernels and dispatches, MQA and MHA alike', async () => {
  for (const attention of ['mqa', 'mha'] as const) {
    const counts = await tokenLaunches(attention);
    expect(counts.kernelLaunches, attention).toBeLessThanOrEqual(DECODE_BUDGET);
    expect(counts.dispatches, attention).toBeLessThanOrEqual(DECODE_BUDGET);
    // MHA's groups cost no extra launches: the kernel reads every head where it lies.
    expect(counts.names).not.toContain('Transpose');
  }
});
