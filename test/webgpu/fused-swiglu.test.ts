// The fused SwiGLU gate on webgpu (core/kernels/webgpu/fused-swiglu.ts) against autodiff of the plain form
// (test/plain-forms.ts swigluPlain) on the cpu backend: the value and the gradients to gate and up.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { fusedSwiglu } from '../../core/kernels/webgpu/fused-swiglu';
import { swigluPlain } from '../plain-forms';

const [N, F] = [6, 10];
// Gates from -40 to 40: sigmoid saturates at both ends (exp(-g) overflows to inf for g ≪ 0, giving exactly 0).
const gates = Float32Array.from({ length: N * F }, (_, i) => -40 + (80 * i) / (N * F - 1));
const ups = Float32Array.from({ length: N * F }, (_, i) => Math.cos(0.6 * i));
const dys = Float32Array.from({ length: N * F }, (_, i) => Math.sin(0.45 * i + 1));

type Gate = (g: tf.Tensor2D, u: tf.Tensor2D) => tf.Tensor2D;

async function evaluate(backend: string, f: Gate): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const g = tf.tensor2d(gates, [N, F]);
  const u = tf.tensor2d(ups, [N, F]);
  const dy = tf.tensor2d(dys, [N, F]);
  const y = tf.tidy(() => f(g, u));
  const [dg, du] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.tidy(() => tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D), dy))),
  )([g, u]);
  const out = (await Promise.all([y, dg!, du!].map((t) => t.data()))) as Float32Array[];
  tf.dispose([g, u, dy, y, dg!, du!]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

it('fused SwiGLU on webgpu matches autodiff of swish(g) ⊙ u on cpu, value and both gradients', async () => {
  const want = await evaluate('cpu', (g, u) => tf.tidy(() => swigluPlain(g, u)));
  const got = await evaluate('webgpu', fusedSwiglu);
  // float32 tolerance: 1e-5 of each output's largest magnitude (values reach |g| = 40).
  got.forEach((values, k) => {
    const scale = Math.max(...Array.from(want[k]!, Math.abs));
    values.forEach((v, i) =>
      expect(Math.abs(v - want[k]![i]!), `output ${k} [${i}]`).toBeLessThanOrEqual(1e-5 * scale),
    );
  });
  await tf.setBackend('webgpu');
});
