// Tests of core/optim/adamw.ts against the independent float64 numpy golden (test/golden/optim_adamw.py):
// bias-corrected moments, decoupled weight decay times lr on the matrix only, plus tensor hygiene and round trips.
// Tolerance (float32 vs float64): |actual - expected| <= 1e-5 |expected| + 1e-6 max|expected| per tensor.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AdamW, type AdamWOptions } from '../core/optim/adamw';
import { warmupCosineSchedule } from '../core/optim/schedules';
import { expectClose } from './optim-helpers';

type LrSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'cosine'; peak: number; warmupSteps: number; totalSteps: number; minRatio: number };
type Named = Record<string, number[]>;
interface GoldenCase {
  name: string;
  options: Omit<AdamWOptions, 'learningRate'> & { lr: LrSpec };
  params: Named;
  grads: Named[];
  expected: Named[];
  m: Named;
  v: Named;
}
const golden = JSON.parse(readFileSync(new URL('./golden/optim_adamw.json', import.meta.url), 'utf8')) as {
  shapes: Record<string, number[]>;
  cases: GoldenCase[];
};

describe('AdamW against the numpy golden', () => {
  golden.cases.forEach((c, ci) => {
    it(c.name, async () => {
      const { lr, ...rest } = c.options;
      const learningRate = lr.kind === 'constant' ? lr.value : warmupCosineSchedule(lr);
      const opt = new AdamW({ ...rest, learningRate });
      const names = Object.keys(golden.shapes);
      const vars = Object.fromEntries(
        names.map((n) => [n, tf.variable(tf.tensor(c.params[n]!, golden.shapes[n]), true, `c${ci}.${n}`)]),
      );
      c.grads.forEach((g, step) => {
        const grads = names.map((n) => ({ name: `c${ci}.${n}`, tensor: tf.tensor(g[n]!, golden.shapes[n]) }));
        opt.applyGradients(grads);
        tf.dispose(grads.map((x) => x.tensor));
        for (const n of names) expectClose(vars[n]!.dataSync(), c.expected[step]![n]!);
      });
      const weights = await opt.getWeights();
      const byName = new Map(weights.map((w) => [w.name, w.tensor]));
      for (const n of names) {
        expectClose(byName.get(`c${ci}.${n}/m`)!.dataSync(), c.m[n]!);
        expectClose(byName.get(`c${ci}.${n}/v`)!.dataSync(), c.v[n]!);
      }
      weights[0]!.tensor.dispose();
      opt.dispose();
      tf.dispose(Object.values(vars));
    });
  });

  it('does not decay a vector: with a zero gradient its value stays put while the matrix shrinks', () => {
    const w = tf.tidy(() => tf.variable(tf.ones([2, 2]), true, 'decay.w'));
    const s = tf.tidy(() => tf.variable(tf.ones([2]), true, 'decay.s'));
    const g = { 'decay.w': tf.zeros([2, 2]), 'decay.s': tf.zeros([2]) };
    const opt = new AdamW({ learningRate: 0.1, weightDecay: 0.5 });
    opt.applyGradients(g);
    expect(Array.from(s.dataSync())).toEqual([1, 1]);
    expectClose(w.dataSync(), [0.95, 0.95, 0.95, 0.95]); // 1 - lr * wd * 1
    opt.dispose();
    tf.dispose([w, s, ...Object.values(g)]);
  });
});

describe('AdamW state', () => {
  it('creates its slots once: numTensors is stable across steps and back to start after dispose', () => {
    const start = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1), true, 'leak.w'));
    const g = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
    const opt = new AdamW({
      learningRate: warmupCosineSchedule({ peak: 0.1, warmupSteps: 2, totalSteps: 10, minRatio: 0.1 }),
      weightDecay: 0.1,
    });
    opt.applyGradients({ 'leak.w': g });
    const afterFirst = tf.memory().numTensors;
    expect(afterFirst).toBe(start + 2 + 2); // w, g; m, v
    for (let i = 0; i < 3; i++) opt.applyGradients({ 'leak.w': g });
    expect(tf.memory().numTensors).toBe(afterFirst);
    opt.dispose();
    tf.dispose([w, g]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('restored from getWeights() in a fresh optimizer, produces the identical next update', async () => {
    const opts: AdamWOptions = { learningRate: 0.05, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 };
    const w = tf.tidy(() => tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 3), true, 'trip.w'));
    const grads = [4, 5, 6].map((seed) => tf.randomNormal([4, 3], 0, 1, 'float32', seed)) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const a = new AdamW(opts);
    a.applyGradients({ 'trip.w': grads[0] });
    a.applyGradients({ 'trip.w': grads[1] });
    const saved = tf.clone(w);
    const snapshot = (await a.getWeights()).map(({ name, tensor }) => ({ name, tensor: tf.clone(tensor) }));
    a.applyGradients({ 'trip.w': grads[2] });
    const fromA = Array.from(w.dataSync());

    // Restoring the step count matters here: the bias corrections depend on k.
    const b = new AdamW(opts);
    await b.setWeights(snapshot);
    expect(b.iterations).toBe(2);
    w.assign(saved);
    b.applyGradients({ 'trip.w': grads[2] });
    expect(Array.from(w.dataSync())).toEqual(fromA);
    a.dispose();
    b.dispose();
    tf.dispose([w, saved, ...grads, ...snapshot.map((s) => s.tensor)]);
  });
});
