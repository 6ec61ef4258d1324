// Golden forward passes: 2-layer models with fixed weights against an independent float64 numpy implementation
// (test/golden/forward_numpy.py, which wrote forward_numpy.json). Only the arithmetic differs (float32 here).
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import { disposeParams, forward, lmLoss, paramSpecs, paramsFromTensors } from '../core/model';

interface GoldenCase {
  name: string;
  config: unknown;
  inputs: number[][];
  targets: number[][];
  ce: number;
  zLoss: number;
  loss: number;
  /** [b, t, v, logit] */
  logits: [number, number, number, number][];
  weights: Record<string, number[]>;
}
const golden = JSON.parse(readFileSync(new URL('./golden/forward_numpy.json', import.meta.url), 'utf8')) as {
  zLossCoef: number;
  cases: GoldenCase[];
};

// float32 forward vs float64 reference: a loss near 6 carries ~1e-6 relative rounding through two layers; 1e-5
// leaves room without hiding a real bug (a missing bias or scale moves it by >1e-3). Logits are O(1): 1e-5 absolute.
const LOSS_RTOL = 1e-5;
const LOGIT_ATOL = 1e-5;

describe('golden forward against numpy', () => {
  it('covers the required switch combinations', () => {
    expect(golden.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'serial-learned-gelu-bias-untied-mha-layernorm',
        'parallel-rope-swiglu-mqa-tied-layernorm',
        'serial-rope-swiglu-gqa-rmsnorm-bias-untied',
      ]),
    );
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const m = parseConfig(c.config).model;
    const tensors: Record<string, tf.Tensor> = {};
    for (const spec of paramSpecs(m))
      tensors[spec.name] = tf.tensor(Float32Array.from(c.weights[spec.name]!), spec.shape);
    expect(Object.keys(c.weights).sort()).toEqual(Object.keys(tensors).sort());
    const params = paramsFromTensors(m, tensors);
    tf.dispose(Object.values(tensors));

    const inputs = tf.tensor2d(c.inputs, undefined, 'int32');
    const targets = tf.tensor2d(c.targets, undefined, 'int32');
    const logits = forward(params, m, inputs, { training: false });
    const { loss, ce, zLoss } = lmLoss(logits, targets, golden.zLossCoef);

    expect(Math.abs(ce.dataSync()[0]! - c.ce) / c.ce).toBeLessThan(LOSS_RTOL);
    expect(Math.abs(loss.dataSync()[0]! - c.loss) / c.loss).toBeLessThan(LOSS_RTOL);
    expect(Math.abs(zLoss.dataSync()[0]! - c.zLoss) / c.zLoss).toBeLessThan(LOSS_RTOL);
    const values = logits.arraySync();
    for (const [b, t, v, expected] of c.logits)
      expect(Math.abs(values[b]![t]![v]! - expected)).toBeLessThan(LOGIT_ATOL);

    tf.dispose([inputs, targets, logits, loss, ce, zLoss]);
    disposeParams(params);
  });
});
