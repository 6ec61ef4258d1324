// Tests of core/optim/create.ts: the optimizer a config asks for, and the analytic optimizer-state bytes
// checked against the bytes of the slots an optimizer really holds after one step.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config/parse';
import type { OptimizerConfig } from '../core/config/schema';
import { Adafactor } from '../core/optim/adafactor';
import { AdamW } from '../core/optim/adamw';
import { optimizerStateBytes } from '../core/metrics';
import { createOptimizer } from '../core/optim/create';

const optimizerConfig = (o: object): OptimizerConfig => parseConfig({ optimizer: o }).optimizer;

describe('createOptimizer', () => {
  it("builds PaLM's Adafactor from the defaults", () => {
    const opt = createOptimizer(optimizerConfig({}), 300);
    expect(opt).toBeInstanceOf(Adafactor);
    const a = opt as Adafactor;
    expect([a.factored, a.beta1, a.weightDecayLrExponent, a.clippingThreshold, a.decayRate]).toEqual([
      false,
      0.9,
      2,
      1,
      0.8,
    ]);
    const lr = a.learningRate as (k: number) => number;
    expect([1, 40_000].map(lr)).toEqual([0.01, 0.005]);
    opt.dispose();
  });

  it('passes every Adafactor field through, null beta1 and exponent meaning none', () => {
    const cfg = optimizerConfig({
      factored: true,
      minDimSizeToFactor: 64,
      decayRate: 0.7,
      beta1: null,
      clippingThreshold: 2,
      multiplyByParameterScale: false,
      eps1: 1e-20,
      eps2: 1e-4,
      weightDecayLrExponent: null,
      schedule: 'constant',
      learningRate: 0.3,
    });
    const a = createOptimizer(cfg, 10) as Adafactor;
    expect(a.getConfig()).toEqual({
      factored: true,
      minDimSizeToFactor: 64,
      decayRate: 0.7,
      beta1: null,
      clippingThreshold: 2,
      multiplyByParameterScale: false,
      eps1: 1e-20,
      eps2: 1e-4,
      weightDecayLrExponent: null,
    });
    expect((a.learningRate as (k: number) => number)(5)).toBe(0.3);
    a.dispose();
  });

  it('builds AdamW with its schedule and hyper-parameters', () => {
    const cfg = optimizerConfig({
      name: 'adamw',
      schedule: 'cosine',
      learningRate: 1e-3,
      warmupSteps: 10,
      beta1: 0.8,
      beta2: 0.95,
      eps: 1e-6,
      weightDecay: 0.2,
    });
    const opt = createOptimizer(cfg, 100) as AdamW;
    expect(opt).toBeInstanceOf(AdamW);
    expect(opt.getConfig()).toEqual({ beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.2 });
    expect((opt.learningRate as (k: number) => number)(5)).toBeCloseTo(5e-4, 15);
    opt.dispose();
  });
});

describe('optimizerStateBytes', () => {
  // A matrix above minDim, one below it, a 3-D tensor factored over its two largest axes, and a vector.
  const shapes = [[6, 5], [2, 8], [2, 3, 8], [5]];
  const variants: [string, object, number][] = [
    // floats: vr+vc 6+5, whole 16, vr [2,3] + vc [2,8] = 22, whole 5
    ['factored Adafactor, no momentum', { factored: true, minDimSizeToFactor: 3, beta1: null }, 11 + 16 + 22 + 5],
    [
      'factored Adafactor with momentum',
      { factored: true, minDimSizeToFactor: 3, beta1: 0.9 },
      11 + 16 + 22 + 5 + 30 + 16 + 48 + 5,
    ],
    ['unfactored Adafactor with momentum (PaLM)', {}, 2 * (30 + 16 + 48 + 5)],
    ['AdamW', { name: 'adamw' }, 2 * (30 + 16 + 48 + 5)],
  ];
  for (const [label, o, floats] of variants) {
    it(`${label}: ${floats} floats, the bytes of the slots after a step`, async () => {
      const cfg = optimizerConfig(o);
      expect(optimizerStateBytes(cfg, shapes)).toBe(4 * floats);
      const names = shapes.map((_, i) => `${label}.p${i}`);
      const vars = shapes.map((s, i) =>
        tf.tidy(() => tf.variable(tf.randomNormal(s, 0, 1, 'float32', i), true, names[i])),
      );
      const grads = Object.fromEntries(shapes.map((s, i) => [names[i]!, tf.randomNormal(s, 0, 1, 'float32', 10 + i)]));
      const opt = createOptimizer(cfg, 10);
      opt.applyGradients(grads);
      const [iter, ...slots] = await opt.getWeights();
      expect(iter!.name).toBe('iter');
      expect(slots.reduce((n, w) => n + w.tensor.size * 4, 0)).toBe(optimizerStateBytes(cfg, shapes));
      iter!.tensor.dispose();
      opt.dispose();
      tf.dispose([...vars, ...Object.values(grads)]);
    });
  }
});
