// Tests of core/optim/adafactor.ts against the independent float64 numpy golden (test/golden/optim_adafactor.py,
// docs/palm.md §4), plus slot sizes, tensor hygiene and checkpoint round trips.
// Tolerance (float32 vs float64): |actual - expected| <= 1e-5 |expected| + 1e-6 max|expected| (per tensor,
// so entries that cancel to near zero are judged against the tensor's scale).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Adafactor, createPalmAdafactor, type AdafactorOptions } from '../core/optim/adafactor';
import { rsqrtSchedule } from '../core/optim/schedules';
import { expectClose } from './optim-helpers';

type LrSpec = { kind: 'constant'; value: number } | { kind: 'rsqrt'; peak: number };
type GoldenOptions = Omit<AdafactorOptions, 'learningRate'> & { lr: LrSpec };
interface GoldenCase {
  name: string;
  shape: number[];
  options: GoldenOptions;
  param: number[];
  grads: number[][];
  expected: number[][];
  slots: Record<string, { shape: number[]; values: number[] }>;
}
interface LargeCase {
  options: GoldenOptions;
  shape: [number, number];
  steps: number;
  rowsChecked: number[];
  expectedRows: number[][];
  expectedSum: number;
  vr: number[];
  vc: number[];
}
const golden = JSON.parse(readFileSync(new URL('./golden/optim_adafactor.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
  large: LargeCase;
};

function createFromGolden({ lr, ...rest }: GoldenOptions): Adafactor {
  const learningRate = lr.kind === 'constant' ? lr.value : rsqrtSchedule({ peak: lr.peak, warmupSteps: 0 });
  return new Adafactor({ ...rest, learningRate });
}

async function slotMap(opt: tf.Optimizer): Promise<Map<string, tf.Tensor>> {
  const weights = await opt.getWeights();
  weights[0]!.tensor.dispose(); // the fresh `iter` scalar
  return new Map(weights.slice(1).map((w) => [w.name, w.tensor]));
}

describe('Adafactor against the numpy golden (docs/palm.md §4)', () => {
  golden.cases.forEach((c, ci) => {
    it(c.name, async () => {
      const name = `golden${ci}.w`;
      const param = tf.variable(tf.tensor(c.param, c.shape), true, name);
      const opt = createFromGolden(c.options);
      c.grads.forEach((g, step) => {
        const grad = tf.tensor(g, c.shape);
        opt.applyGradients({ [name]: grad });
        grad.dispose();
        expectClose(param.dataSync(), c.expected[step]!);
      });
      const slots = await slotMap(opt);
      // The slot set says whether the moment was factored and whether momentum was kept.
      expect([...slots.keys()].sort()).toEqual(
        Object.keys(c.slots)
          .map((s) => `${name}/${s}`)
          .sort(),
      );
      for (const [s, { shape, values }] of Object.entries(c.slots)) {
        const t = slots.get(`${name}/${s}`)!;
        expect(t.shape).toEqual(shape);
        expectClose(t.dataSync(), values);
      }
      opt.dispose();
      param.dispose();
    });
  });

  it('factored 130x129 with the default minDimSizeToFactor 128', async () => {
    const L = golden.large;
    const [rows, cols] = L.shape;
    const fill = (f: (i: number, j: number) => number) =>
      tf.tensor2d(
        Float32Array.from({ length: rows * cols }, (_, n) => f(Math.floor(n / cols), n % cols)),
        L.shape,
      );
    const param = tf.variable(
      fill((i, j) => Math.cos(0.37 * i + 0.11 * j)),
      true,
      'large.w',
    );
    const opt = createFromGolden(L.options);
    for (let k = 1; k <= L.steps; k++) {
      const grad = fill((i, j) => Math.sin(0.13 * i - 0.29 * j + 1.7 * k) * (1 + 0.01 * i));
      opt.applyGradients([{ name: 'large.w', tensor: grad }]);
      grad.dispose();
    }
    const values = param.dataSync();
    L.rowsChecked.forEach((r, n) => expectClose(values.slice(r * cols, (r + 1) * cols), L.expectedRows[n]!));
    expect(Math.abs(Array.from(values).reduce((a, b) => a + b, 0) - L.expectedSum)).toBeLessThan(1e-3);
    const slots = await slotMap(opt);
    expectClose(slots.get('large.w/vr')!.dataSync(), L.vr);
    expectClose(slots.get('large.w/vc')!.dataSync(), L.vc);
    expect(slots.has('large.w/v')).toBe(false);
    opt.dispose();
    param.dispose();
  });
});

describe('Adafactor state', () => {
  it('keeps exactly 512 + 512 second-moment floats for a factored 512x512 matrix', async () => {
    const param = tf.variable(tf.randomNormal([512, 512], 0, 1, 'float32', 1), true, 'big.w');
    const grad = tf.randomNormal([512, 512], 0, 1, 'float32', 2);
    const opt = new Adafactor({ learningRate: 1e-2, factored: true, beta1: null });
    opt.applyGradients({ 'big.w': grad });
    const slots = await slotMap(opt);
    expect([...slots.keys()].sort()).toEqual(['big.w/vc', 'big.w/vr']);
    expect(slots.get('big.w/vr')!.shape).toEqual([512]);
    expect(slots.get('big.w/vc')!.shape).toEqual([512]);
    expect([...slots.values()].reduce((n, t) => n + t.size, 0)).toBe(1024);
    opt.dispose();
    tf.dispose([param, grad]);
  });

  it('creates its slots once: numTensors is stable across steps and back to start after dispose', () => {
    const start = tf.memory().numTensors;
    // tf.variable copies its initial value; tidy frees that value.
    const w = tf.tidy(() => tf.variable(tf.randomNormal([6, 5], 0, 1, 'float32', 3), true, 'leak.w'));
    const b = tf.tidy(() => tf.variable(tf.randomNormal([5], 0, 1, 'float32', 4), true, 'leak.b'));
    const grads = {
      'leak.w': tf.randomNormal([6, 5], 0, 1, 'float32', 5),
      'leak.b': tf.randomNormal([5], 0, 1, 'float32', 6),
    };
    const opt = new Adafactor({
      learningRate: rsqrtSchedule({ peak: 0.1, warmupSteps: 0 }),
      factored: true,
      minDimSizeToFactor: 4,
      beta1: 0.9,
      weightDecayLrExponent: 2,
    });
    opt.applyGradients(grads);
    const afterFirst = tf.memory().numTensors;
    expect(afterFirst).toBe(start + 4 + 5); // w, b, two grads; vr, vc, m for w; v, m for b
    for (let i = 0; i < 3; i++) opt.applyGradients(grads);
    expect(tf.memory().numTensors).toBe(afterFirst);
    opt.dispose();
    tf.dispose([w, b, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('restored from getWeights() in a fresh optimizer, produces the identical next update', async () => {
    const opts: AdafactorOptions = {
      learningRate: rsqrtSchedule({ peak: 0.6, warmupSteps: 0 }),
      factored: true,
      minDimSizeToFactor: 4,
      beta1: 0.9,
      weightDecayLrExponent: 2,
    };
    const w = tf.variable(tf.randomNormal([6, 5], 0, 1, 'float32', 7), true, 'trip.w');
    const grads = [8, 9, 10].map((seed) => tf.randomNormal([6, 5], 0, 1, 'float32', seed)) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const a = new Adafactor(opts);
    a.applyGradients({ 'trip.w': grads[0] });
    a.applyGradients({ 'trip.w': grads[1] });
    const saved = tf.clone(w);
    // getWeights() hands out the live slots; snapshot them as a checkpoint would.
    const snapshot = (await a.getWeights()).map(({ name, tensor }) => ({ name, tensor: tf.clone(tensor) }));
    a.applyGradients({ 'trip.w': grads[2] });
    const fromA = w.dataSync().slice();

    const b = new Adafactor(opts);
    await b.setWeights(snapshot);
    expect(b.iterations).toBe(2);
    w.assign(saved);
    b.applyGradients({ 'trip.w': grads[2] });
    expect(Array.from(w.dataSync())).toEqual(Array.from(fromA));
    a.dispose();
    b.dispose();
    tf.dispose([w, saved, ...grads, ...snapshot.map((s) => s.tensor)]);
  });
});

describe('createPalmAdafactor', () => {
  it("is PaLM's setting: unfactored, beta1 0.9, lr min(1e-2, 1/sqrt(k)), weight decay lr^2, clipping 1.0", async () => {
    const opt = createPalmAdafactor();
    expect(opt.factored).toBe(false);
    expect(opt.beta1).toBe(0.9);
    expect(opt.weightDecayLrExponent).toBe(2);
    expect(opt.clippingThreshold).toBe(1);
    const lr = opt.learningRate as (k: number) => number;
    expect([1, 10000, 40000, 1e6].map(lr)).toEqual([1e-2, 1e-2, 5e-3, 1e-3]);
    const w = tf.variable(tf.ones([256, 256]), true, 'palm.w');
    const g = tf.ones([256, 256]);
    opt.applyGradients({ 'palm.w': g });
    const slots = await slotMap(opt);
    expect([...slots.keys()].sort()).toEqual(['palm.w/m', 'palm.w/v']);
    opt.dispose();
    tf.dispose([w, g]);
  });
});
