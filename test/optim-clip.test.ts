// Tests of core/optim/clip.ts: the global L2 norm over all gradients and the rescaling to maxNorm.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from '../core/optim/clip';

// Hand-computed: squares 9 + 16 + 1 + 4 + 4 + 16 + 100 = 150, norm sqrt(150) = 12.247448713915890.
const NORM = Math.sqrt(150);
let grads: Record<string, tf.Tensor>;
beforeEach(() => {
  grads = {
    a: tf.tensor1d([3, 4]),
    b: tf.tensor2d([
      [1, 2],
      [2, 4],
    ]),
    c: tf.scalar(10),
  };
});
afterEach(() => tf.dispose(Object.values(grads)));

const globalNorm = (g: Record<string, tf.Tensor>) =>
  Math.sqrt(Object.values(g).reduce((s, t) => s + Array.from(t.dataSync()).reduce((a, x) => a + x * x, 0), 0));

describe('clipByGlobalNorm', () => {
  it('computes the global norm and scales every gradient down to maxNorm, keeping directions', () => {
    const out = clipByGlobalNorm(grads, 1);
    expect(out.norm.dataSync()[0]).toBeCloseTo(NORM, 5);
    expect(globalNorm(out.grads)).toBeCloseTo(1, 6);
    const [a0, a1] = out.grads.a!.dataSync();
    expect(a0).toBeCloseTo(3 / NORM, 6);
    expect(a1).toBeCloseTo(4 / NORM, 6);
    expect(out.grads.b!.shape).toEqual([2, 2]);
    expect(out.grads.c!.dataSync()[0]).toBeCloseTo(10 / NORM, 6);
    tf.dispose([out.norm, ...Object.values(out.grads)]);
  });

  it('leaves gradients alone when their norm is below maxNorm', () => {
    const out = clipByGlobalNorm(grads, 20);
    expect(out.norm.dataSync()[0]).toBeCloseTo(NORM, 5);
    expect(Array.from(out.grads.b!.dataSync())).toEqual([1, 2, 2, 4]);
    tf.dispose([out.norm, ...Object.values(out.grads)]);
  });

  it('with maxNorm 0 does not clip but still reports the norm', () => {
    const out = clipByGlobalNorm(grads, 0);
    expect(out.norm.dataSync()[0]).toBeCloseTo(NORM, 5);
    expect(Array.from(out.grads.a!.dataSync())).toEqual([3, 4]);
    expect(out.grads.c!.dataSync()[0]).toBe(10);
    tf.dispose([out.norm, ...Object.values(out.grads)]);
  });

  it('returns new tensors only: disposing them restores numTensors, inputs stay usable', () => {
    const before = tf.memory().numTensors;
    const out = clipByGlobalNorm(grads, 1);
    expect(tf.memory().numTensors).toBe(before + 4); // three gradients and the norm
    tf.dispose([out.norm, ...Object.values(out.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(grads.a!.dataSync())).toEqual([3, 4]);
  });
});
