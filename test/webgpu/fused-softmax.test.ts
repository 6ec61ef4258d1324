// The fused causal softmax on webgpu (core/kernels/webgpu/fused-causal-softmax.ts) against the plain form on the cpu
// backend, softmax(scores + causalMask): the probabilities and the scores' gradient under a random upstream gradient.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fusedCausalSoftmax } from '../../core/kernels/webgpu/fused-causal-softmax';
import { causalMask } from '../../core/model/attention';

const wave = (n: number, a: number, b: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(a * i + b) * 3);

type Softmax = (scores: tf.Tensor3D) => tf.Tensor3D;

/** probs and d(Σ probs ⊙ dy)/d scores on `backend`. */
async function evaluate(backend: string, f: Softmax, values: Float32Array, shape: [number, number, number]) {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = tf.tensor3d(values, shape);
  const dy = tf.tensor3d(wave(values.length, 0.41, 0.9), shape);
  const probs = tf.tidy(() => f(x));
  const grad = tf.grad((s: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(f(s as tf.Tensor3D), dy))))(x);
  const out = [(await probs.data()) as Float32Array, (await grad.data()) as Float32Array];
  tf.dispose([x, dy, probs, grad]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('fused causal softmax on webgpu matches softmax(scores + causalMask) on cpu', () => {
  it.each([
    // n, Tq, Tk, R: a training pass (Tk = Tq), MQA's folded heads (R > 1), and a cached prefix (Tk > Tq)
    [2, 5, 5, 1],
    [2, 4, 4, 3],
    [1, 3, 7, 2],
  ] as const)('n %i, Tq %i, Tk %i, R %i', async (n, Tq, Tk, R) => {
    const shape: [number, number, number] = [n, Tq * R, Tk];
    const values = wave(n * Tq * R * Tk, 0.77, 0.1);
    const plain: Softmax = (s) =>
      tf.tidy(() => {
        const mask = causalMask(Tq, Tk, R);
        return tf.softmax(tf.add<tf.Tensor3D>(s, mask));
      });
    const [wantP, wantG] = await evaluate('cpu', plain, values, shape);
    const [gotP, gotG] = await evaluate('webgpu', (s) => fusedCausalSoftmax(s, R), values, shape);
    // float32 tolerances: probabilities and gradients within 1e-6 absolute (both are O(1)); masked entries exactly 0.
    gotP!.forEach((v, i) => expect(Math.abs(v - wantP![i]!)).toBeLessThanOrEqual(1e-6));
    gotG!.forEach((v, i) => expect(Math.abs(v - wantG![i]!)).toBeLessThanOrEqual(1e-6));
    gotP!.forEach((v, i) => {
      if (wantP![i] === 0) expect(v).toBe(0);
    });
    expect(wantP!.some((v) => v === 0)).toBe(true);
    await tf.setBackend('webgpu');
  });

  it('refuses scores that are not [n, Tq·R, Tk] with Tq ≤ Tk', () => {
    const bad = tf.zeros([1, 6, 2]) as tf.Tensor3D;
    expect(() => fusedCausalSoftmax(bad, 2)).toThrow(/not \[n, Tq·R, Tk\] with R = 2 and Tq ≤ Tk/);
    bad.dispose();
  });
});
