// The fused norms on webgpu (core/kernels/webgpu/fused-norm.ts) against autodiff of the plain form (test/plain-forms.ts
// scaledNormPlain) on the cpu backend: values and the gradients to x and the scale, LayerNorm and RMSNorm.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fusedScaledNorm } from '../../core/kernels/webgpu/fused-norm';
import { scaledNormPlain } from '../plain-forms';

const [N, D] = [5, 12];
const EPS = 1e-5;
const wave = (n: number, a: number, b: number, offset = 0) =>
  Float32Array.from({ length: n }, (_, i) => offset + Math.sin(a * i + b) * (1 + 0.1 * (i % 5)));

type Norm = (x: tf.Tensor2D, g: tf.Tensor) => tf.Tensor2D;

/** y, dx and dg of Σ y ⊙ dy on `backend`. */
async function evaluate(backend: string, f: Norm, x0: Float32Array): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = tf.tensor2d(x0, [N, D]);
  const g = tf.tensor1d(wave(D, 0.5, 1, 1));
  const dy = tf.tensor2d(wave(N * D, 0.7, 0.2), [N, D]);
  const y = tf.tidy(() => f(x, g));
  const [dx, dg] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(f(a as tf.Tensor2D, b), dy))))([
    x,
    g,
  ]);
  const out = (await Promise.all([y, dx!, dg!].map((t) => t.data()))) as Float32Array[];
  tf.dispose([x, g, dy, y, dx!, dg!]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('fused scaled norm on webgpu matches autodiff of the plain form on cpu', () => {
  it.each([
    ['layernorm', true, 0],
    ['layernorm, rows far from 0', true, 20],
    ['rmsnorm', false, 0],
  ] as const)('%s', async (_, centred, offset) => {
    const x0 = wave(N * D, 0.9, 0.4, offset);
    const want = await evaluate('cpu', (x, g) => scaledNormPlain(x, g, EPS, centred), x0);
    const got = await evaluate('webgpu', (x, g) => fusedScaledNorm(x, g, EPS, centred), x0);
    // float32 tolerances: y and dx within 2e-5 absolute (xhat is O(1); rows offset by 20 lose ~1e-6 to the centring),
    // dg (a sum over N rows) within 1e-5 · N.
    const tol = [2e-5, 2e-5, 1e-5 * N];
    got.forEach((values, k) =>
      values.forEach((v, i) => expect(Math.abs(v - want[k]![i]!), `output ${k} [${i}]`).toBeLessThanOrEqual(tol[k]!)),
    );
    await tf.setBackend('webgpu');
  });
});
