// The loss (docs/palm.md §1 "Loss", "aux loss"): sparse cross-entropy and z-loss against an independent float64
// computation, and its gradient against the closed form softmax - onehot (+ the z-loss term).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { lmLoss } from '../core/model';
import './model-helpers'; // gradients

const [B, T, V] = [2, 3, 7];
// Logits with a wide range (up to ±12), so an implementation without the max-shift would lose precision.
const logitValues = Array.from({ length: B * T * V }, (_, i) => 12 * Math.sin(1.7 * i + 0.3) * Math.cos(0.37 * i));
const targetValues = [3, 0, 6, 6, 2, 5];

/** float64 reference: per-row log Z and the target logit, by plain loops. */
function reference(coef: number) {
  let ce = 0;
  let z2 = 0;
  const softmax: number[] = [];
  const logZs: number[] = [];
  for (let n = 0; n < B * T; n++) {
    const row = logitValues.slice(n * V, (n + 1) * V);
    const max = Math.max(...row);
    const logZ = max + Math.log(row.reduce((s, l) => s + Math.exp(l - max), 0));
    logZs.push(logZ);
    ce += (logZ - row[targetValues[n]!]!) / (B * T);
    z2 += (logZ * logZ) / (B * T);
    softmax.push(...row.map((l) => Math.exp(l - logZ)));
  }
  return { ce, zLoss: coef * z2, loss: ce + coef * z2, softmax, logZs };
}

describe('lmLoss', () => {
  const logits = () => tf.tensor3d(logitValues, [B, T, V]);
  const targets = () => tf.tensor2d(targetValues, [B, T], 'int32');

  it.each([0, 1e-4, 0.3])(
    'ce, zLoss = coef·mean(logZ²) and loss = ce + zLoss match a float64 reference (coef %s)',
    (coef) => {
      const ref = reference(coef);
      const [x, y] = [logits(), targets()];
      const { loss, ce, zLoss } = lmLoss(x, y, coef);
      expect(loss.shape).toEqual([]);
      expect(ce.dataSync()[0]).toBeCloseTo(ref.ce, 5);
      expect(zLoss.dataSync()[0]).toBeCloseTo(ref.zLoss, 5);
      expect(loss.dataSync()[0]).toBeCloseTo(ref.loss, 5);
      if (coef === 0) expect(zLoss.dataSync()[0]).toBe(0);
      if (coef > 0) expect(Math.abs(zLoss.dataSync()[0]! / ref.zLoss - 1)).toBeLessThan(1e-5);
      tf.dispose([x, y, loss, ce, zLoss]);
    },
  );

  it('has the gradient (softmax - onehot(target) + 2·coef·logZ·softmax) / N with respect to the logits', () => {
    const coef = 0.05;
    const ref = reference(coef);
    const [x, y] = [logits(), targets()];
    const before = tf.memory().numTensors;
    const g = tf.grad((l: tf.Tensor) => lmLoss(l as tf.Tensor3D, y, coef).loss)(x);
    const got = g.dataSync();
    for (let n = 0; n < B * T; n++) {
      for (let v = 0; v < V; v++) {
        const p = ref.softmax[n * V + v]!;
        const expected = (p - (v === targetValues[n] ? 1 : 0) + 2 * coef * ref.logZs[n]! * p) / (B * T);
        expect(got[n * V + v]).toBeCloseTo(expected, 6);
      }
    }
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('rejects float targets', () => {
    const x = logits();
    const y = tf.zeros([B, T]) as tf.Tensor2D;
    expect(() => lmLoss(x, y, 0)).toThrow(/int32/);
    tf.dispose([x, y]);
  });
});
