// Gradients of the loss through the whole model against central finite differences, and no tensor leak across
// a forward + backward pass (docs/design.md §3: every step test checks numTensors).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../core/config';
import {
  computeLoss,
  createParams,
  disposeParams,
  forward,
  lmLoss,
  paramsFromTensors,
  type Params,
} from '../core/model';
import { randomTensors, tinyModel, tokens } from './model-helpers';

type ModelInput = NonNullable<ConfigInput['model']>;
const B = 2;
const T = 6;

// Why these numbers: the model runs in float32, where the loss (~6) carries a rounding error of ~1e-6. A central
// difference with step eps divides that by 2·eps, so eps = 1e-2 leaves ~5e-5 of noise, while its truncation error
// (eps² / 6 · f''') stays ~1e-5 for these smooth functions. Checking the entry with the largest gradient of each
// parameter (|g| > 1e-3 asserted) keeps that noise small; the worst case seen is 1.7% (a step of 1e-2 can cross a
// ReLU kink), the typical one 0.01-0.5%: relative tolerance 3%.
const EPS = 1e-2;
const RTOL = 0.03;

/** The flat index of the largest |g|, the entry whose finite difference is least drowned by float32 noise. */
function argMaxAbs(g: tf.Tensor): number {
  return tf.tidy(() => tf.argMax(tf.abs(tf.reshape(g, [-1]))).dataSync()[0]!);
}

function setEntry(v: tf.Variable, index: number, value: number): void {
  const values = v.dataSync().slice();
  values[index] = value;
  v.assign(tf.tensor(values, v.shape));
}

describe('finite-difference gradient check', () => {
  const variants: [string, ModelInput, boolean][] = [
    ['PaLM: parallel, mqa, rope, swiglu, tied', {}, false],
    [
      'serial, mha, learned, gelu, bias, untied',
      { block: 'serial', attention: 'mha', position: 'learned', activation: 'gelu', bias: true, tieEmbeddings: false },
      false,
    ],
    [
      'gqa, rmsnorm, relu, bias, with seeded dropout',
      { attention: 'gqa', kvHeads: 2, norm: 'rmsnorm', activation: 'relu', bias: true, dropout: 0.2 },
      true,
    ],
  ];

  it.each(variants)('%s', (_name, overrides, training) => {
    const m = tinyModel({ ...overrides, seqLen: T });
    const tensors = randomTensors(m, 4);
    const params: Params = paramsFromTensors(m, tensors);
    tf.dispose(Object.values(tensors));
    const inputs = tokens(B, T, m.vocabSize, 21);
    const targets = tokens(B, T, m.vocabSize, 22);
    // A larger z-loss weight than PaLM's so its gradient is visible in the check too; a fixed dropout seed makes the
    // masks the same in every evaluation, so the loss is a deterministic function of the parameters.
    const opts = { training, zLossCoef: 0.01, dropoutSeed: 99 };
    const lossAt = () => tf.tidy(() => computeLoss(params, m, inputs, targets, opts).loss.dataSync()[0]!);

    const { value, grads } = tf.variableGrads(() => computeLoss(params, m, inputs, targets, opts).loss);
    value.dispose();
    const checked = Object.keys(params).filter((n) => !/blocks\.1\./.test(n) || /attn\.(wk|wv)|mlp\.w_down/.test(n));
    for (const name of checked) {
      const v = params[name]!;
      const g = grads[v.name]!;
      const index = argMaxAbs(g);
      const analytic = g.dataSync()[index]!;
      if (m.position === 'learned' && name.endsWith('.attn.bk')) {
        // Without RoPE a key bias adds q·bk to every score of a query's row: softmax ignores it, so its gradient is 0.
        expect(Math.abs(analytic), name).toBeLessThan(1e-6);
        continue;
      }
      expect(Math.abs(analytic), `${name}: the largest gradient entry is too small to check`).toBeGreaterThan(1e-3);
      const original = v.dataSync()[index]!;
      setEntry(v, index, original + EPS);
      const plus = lossAt();
      setEntry(v, index, original - EPS);
      const minus = lossAt();
      setEntry(v, index, original);
      const numeric = (plus - minus) / (2 * EPS);
      expect(Math.abs(numeric - analytic), `${name}[${index}]: analytic ${analytic}, numeric ${numeric}`).toBeLessThan(
        RTOL * Math.abs(analytic),
      );
    }
    tf.dispose([inputs, targets, ...Object.values(grads)]);
    disposeParams(params);
  });
});

describe('memory', () => {
  it.each([
    ['eval', { training: false, zLossCoef: 1e-4 }, {}],
    ['training with dropout', { training: true, zLossCoef: 1e-4 }, { dropout: 0.1 }],
    [
      'training, serial + learned + bias',
      { training: true, zLossCoef: 0 },
      { block: 'serial', position: 'learned', bias: true },
    ],
  ] as const)('a forward + backward pass leaves no tensor behind (%s)', (_name, opts, overrides) => {
    const m = tinyModel(overrides as ModelInput);
    const params = createParams(m, 1);
    const inputs = tokens(B, T, m.vocabSize, 1);
    const targets = tokens(B, T, m.vocabSize, 2);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 2; step++) {
      const { value, grads } = tf.variableGrads(() => computeLoss(params, m, inputs, targets, opts).loss);
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
    }
    const logits = forward(params, m, inputs, opts);
    const parts = lmLoss(logits, targets, 1e-4);
    tf.dispose([logits, parts.loss, parts.ce, parts.zLoss]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([inputs, targets]);
    disposeParams(params);
  });
});
