// RoPE on q and k in one webgpu kernel (core/kernels/webgpu/fused-rope.ts) against autodiff of the plain rotate-half
// form (test/plain-forms.ts applyRopePlain) on the cpu backend: both outputs and both gradients, the query scale folded.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { fusedRopeQK } from '../../core/kernels/webgpu/fused-rope';
import { ropeTables } from '../../core/ops/rope';
import { applyRopePlain } from '../plain-forms';

const [B, T, H, G, Dh, OFFSET] = [2, 3, 4, 1, 8, 5];
const wave = (n: number, a: number, b: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(a * i + b));

type Rope = (q: tf.Tensor4D, k: tf.Tensor4D) => [tf.Tensor, tf.Tensor];

/** q', k' and the gradients of Σ q' ⊙ dq + Σ k' ⊙ dk to q and k on `backend`. */
async function evaluate(backend: string, f: Rope): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const q = tf.tensor4d(wave(B * T * H * Dh, 0.37, 0.1), [B, T, H, Dh]);
  const k = tf.tensor4d(wave(B * T * G * Dh, 0.53, 0.7), [B, T, G, Dh]);
  const dq = tf.tensor4d(wave(B * T * H * Dh, 0.71, 0.3), [B, T, H, Dh]);
  const dk = tf.tensor4d(wave(B * T * G * Dh, 0.29, 1.3), [B, T, G, Dh]);
  const outs = tf.tidy(() => f(q, k));
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.tidy(() => {
      const [ra, rb] = f(a as tf.Tensor4D, b as tf.Tensor4D);
      return tf.add(tf.sum(tf.mul(ra, dq)), tf.sum(tf.mul(rb, dk)));
    }),
  )([q, k]);
  const all = [...outs, ...grads];
  const values = (await Promise.all(all.map((t) => t.data()))) as Float32Array[];
  tf.dispose([q, k, dq, dk, ...all]);
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

it('fused RoPE of q and k on webgpu matches the plain rotate-half form on cpu, values and gradients', async () => {
  const scale = 1 / Math.sqrt(Dh);
  const plain: Rope = (q, k) =>
    tf.tidy(() => {
      const qt = ropeTables(T, Dh, OFFSET);
      const kt = ropeTables(T, Dh, OFFSET);
      return [tf.mul(applyRopePlain(q, qt), scale), applyRopePlain(k, kt)];
    });
  const fused: Rope = (q, k) =>
    tf.tidy(() => {
      const r = fusedRopeQK(q, k, { q: ropeTables(T, Dh, OFFSET, scale), k: ropeTables(T, Dh, OFFSET) });
      return [r.q, r.k];
    });
  const want = await evaluate('cpu', plain);
  const got = await evaluate('webgpu', fused);
  expect(got.length).toBe(4);
  // float32 tolerance: every value and gradient (all O(1)) within 1e-6 absolute.
  got.forEach((values, k) =>
    values.forEach((v, i) => expect(Math.abs(v - want[k]![i]!), `output ${k} [${i}]`).toBeLessThanOrEqual(1e-6)),
  );
  await tf.setBackend('webgpu');
});

it('refuses tables for another number of positions', () => {
  const q = tf.zeros([1, 2, 2, 4]) as tf.Tensor4D;
  const tables = ropeTables(3, 4);
  expect(() => fusedRopeQK(q, q, { q: tables, k: tables })).toThrow(/ropeQK: 2 positions, but tables of 3 and 3/);
  tf.dispose([q, tables.cos, tables.sin, tables.swap]);
});
