// Parameter creation (docs/palm.md §1 "Init"): seeded, deterministic, the init of each kind, engine-unique variable names,
// loading from tensors, and the loss of a freshly initialised model.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { computeLoss, createParams, disposeParams, forward, paramSpecs, paramsFromTensors } from '../core/model';
import { maxAbsDiff, tinyModel, tokens } from './model-helpers';

function stats(t: tf.Tensor): { mean: number; std: number } {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(t);
    return { mean: mean.dataSync()[0]!, std: Math.sqrt(variance.dataSync()[0]!) };
  });
}

describe('createParams', () => {
  it('is deterministic in the seed, and different seeds give different parameters', () => {
    const m = tinyModel({ bias: true, tieEmbeddings: false, position: 'learned' });
    const a = createParams(m, 5);
    const b = createParams(m, 5);
    const c = createParams(m, 6);
    for (const spec of paramSpecs(m)) {
      expect(maxAbsDiff(a[spec.name]!, b[spec.name]!), spec.name).toBe(0);
      if (spec.init === 'kernel' || spec.init === 'embedding')
        expect(maxAbsDiff(a[spec.name]!, c[spec.name]!), spec.name).toBeGreaterThan(0.1);
    }
    // Seed 0 is a real seed too (tfjs would treat a raw 0 as "unseeded").
    const z1 = createParams(m, 0);
    const z2 = createParams(m, 0);
    expect(maxAbsDiff(z1.embed!, z2.embed!)).toBe(0);
    // Different parameters of one model draw from different streams (same shape, different values).
    expect(maxAbsDiff(a['blocks.0.attn.wq']!, a['blocks.1.attn.wq']!)).toBeGreaterThan(0.1);
    [a, b, c, z1, z2].forEach(disposeParams);
  });

  it('initialises kernels N(0, 1/fan_in), embeddings N(0, 1), norm scales 1 and biases 0', () => {
    const m = tinyModel({
      dModel: 64,
      nHeads: 4,
      headDim: 16,
      ffnMult: 4,
      bias: true,
      tieEmbeddings: false,
      position: 'learned',
      seqLen: 64,
    });
    const params = createParams(m, 1);
    // 16k+ samples per tensor: the sample std is within ~1% of the true one; 4% leaves room.
    for (const [name, expected] of [
      ['embed', 1],
      ['pos_embed', 1],
      ['blocks.0.mlp.w_up', 1 / Math.sqrt(64)],
      ['blocks.0.mlp.w_down', 1 / Math.sqrt(256)],
      ['lm_head', 1 / Math.sqrt(64)],
    ] as const) {
      const { mean, std } = stats(params[name]!);
      expect(Math.abs(std / expected - 1), name).toBeLessThan(0.04);
      expect(Math.abs(mean), name).toBeLessThan(0.04 * expected);
    }
    for (const spec of paramSpecs(m)) {
      const values = Array.from(params[spec.name]!.dataSync());
      if (spec.init === 'ones')
        expect(
          values.every((v) => v === 1),
          spec.name,
        ).toBe(true);
      if (spec.init === 'zeros')
        expect(
          values.every((v) => v === 0),
          spec.name,
        ).toBe(true);
    }
    disposeParams(params);
  });

  it('registers engine-unique variable names (two models coexist) and disposeParams releases them', () => {
    const m = tinyModel();
    const before = tf.memory().numTensors;
    const a = createParams(m, 1);
    const b = createParams(m, 1);
    expect(a.embed!.name).not.toBe(b.embed!.name);
    expect(a.embed!.name.endsWith('/embed')).toBe(true);
    expect(Object.keys(a)).toEqual(paramSpecs(m).map((s) => s.name));
    const names = [...Object.values(a), ...Object.values(b)].map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    disposeParams(a);
    disposeParams(b);
    for (const name of names) expect(tf.engine().registeredVariables[name]).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('paramsFromTensors', () => {
  it('makes variables with the given values; the caller keeps its tensors', () => {
    const m = tinyModel({ attention: 'gqa', kvHeads: 2 });
    const source = createParams(m, 3);
    const tensors: Record<string, tf.Tensor> = { ...source };
    const loaded = paramsFromTensors(m, tensors);
    for (const name of Object.keys(source)) expect(maxAbsDiff(loaded[name]!, source[name]!), name).toBe(0);
    expect(loaded.embed!.name).not.toBe(source.embed!.name);
    disposeParams(source);
    expect(loaded.embed!.dataSync()[0]).toBeTypeOf('number'); // still alive after the source is gone
    disposeParams(loaded);
  });

  it('names every missing, misshapen or unexpected tensor', () => {
    const m = tinyModel();
    const params = createParams(m, 1);
    const tensors: Record<string, tf.Tensor> = {
      ...params,
      extra: tf.zeros([1]),
      'blocks.0.attn.wq': tf.zeros([3, 3]),
    };
    delete tensors['final_norm.scale'];
    let message = '';
    try {
      paramsFromTensors(m, tensors);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('missing final_norm.scale [16]');
    expect(message).toContain('blocks.0.attn.wq has shape [3, 3], expected [16, 16]');
    expect(message).toContain('unexpected tensor extra');
    tf.dispose([tensors.extra, tensors['blocks.0.attn.wq']]);
    disposeParams(params);
  });
});

describe('initial loss', () => {
  // What to expect. The final norm makes each output row h satisfy |h|² ≈ D (LayerNorm: zero mean, unit variance;
  // RMSNorm: unit mean square), whatever the blocks did. Tied: logit_v = h·e_v / sqrt(D) with e_v ~ N(0, I_D);
  // untied: logit_v = h·w_v with w_v ~ N(0, I_D / D). Either way, given h, a logit of a token unrelated to h is
  // N(0, |h|²/D) = N(0, 1), and E[Σ_v exp(l_v)] = V·e^(1/2): the cross-entropy of a random target is about
  // ln V + 0.5 ≈ 6.045 (V = 256), not ln V — a uniform prediction would need logits of std 0. The Jensen gap of the
  // log, (e - 1)/(2V) ≈ 0.003, is negligible.
  // One token is not unrelated to h: with tied embeddings the residual stream still carries the input token's own
  // embedding e_x, so its logit s = h·e_x / sqrt(D) is about sqrt(D / (1 + ρ²)) (ρ² the variance the blocks add),
  // ~3.8 at D = 32: the fresh model predicts "the same token again". Position n's expected cross-entropy is therefore
  // log((V - 1)·e^(1/2) + e^(s_n)); s_n is read from the model (for untied heads it is just another N(0, 1) logit).
  // Noise: each position's CE is log Z - l_target with std ≈ 1; 4 seeds × 8 × 32 = 1024 positions give a standard
  // error of ~0.035 (seen: 0.07 per seed), so ±0.15 is a 4-sigma band that still tells ln V + 0.5 from ln V.
  it.each([
    ['tied embeddings (PaLM)', {}],
    ['untied lm_head', { tieEmbeddings: false }],
    ['serial, rmsnorm, gelu', { block: 'serial', norm: 'rmsnorm', activation: 'gelu' }],
  ] as const)('is ln V + 0.5 (+ the own-token term when tied) for random tokens: %s', (_name, overrides) => {
    const m = tinyModel({ ...overrides, dModel: 32, headDim: 8, seqLen: 32 });
    const V = m.vocabSize;
    const [B, T] = [8, 32];
    let ce = 0;
    let expected = 0;
    let logitStd = 0;
    const seeds = [1, 2, 3, 4];
    for (const seed of seeds) {
      const params = createParams(m, seed);
      const inputs = tokens(B, T, V, 100 + seed);
      const targets = tokens(B, T, V, 200 + seed);
      const parts = computeLoss(params, m, inputs, targets, { training: false, zLossCoef: 0 });
      ce += parts.ce.dataSync()[0]! / seeds.length;
      tf.tidy(() => {
        const logits = tf.reshape(forward(params, m, inputs, { training: false }), [B * T, V]);
        logitStd += Math.sqrt(tf.moments(logits).variance.dataSync()[0]!) / seeds.length;
        const own = tf.gather(
          tf.reshape(logits, [-1]),
          tf.add(tf.range(0, B * T * V, V, 'int32'), tf.reshape(inputs, [-1])),
        );
        const perPosition = tf.log(tf.add(tf.exp(own), (V - 1) * Math.exp(0.5)));
        expected += tf.mean(perPosition).dataSync()[0]! / seeds.length;
      });
      tf.dispose([parts.loss, parts.ce, parts.zLoss, inputs, targets]);
      disposeParams(params);
    }
    expect(logitStd).toBeGreaterThan(0.95);
    expect(logitStd).toBeLessThan(1.1);
    if (!m.tieEmbeddings) expect(Math.abs(expected - (Math.log(V) + 0.5))).toBeLessThan(0.03);
    expect(Math.abs(ce - expected)).toBeLessThan(0.15);
  });
});
