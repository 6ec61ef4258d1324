// The fused causal attention on webgpu (core/kernels/webgpu/fused-attention.ts) against the plain form on the cpu
// backend, softmax(q k^T + causalMask) v by autodiff: the output and dq, dk, dv under a random upstream gradient.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fusedCausalAttention, MAX_HEAD_DIM } from '../../core/kernels/webgpu/fused-attention';
import { causalMask } from '../../core/ops/attention';
import { attentionCorePlain } from '../plain-forms';

/** Uniform in [-scale, scale) from a small LCG: random but the same on both backends. */
function random(size: number, seed: number, scale: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: size }, () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return (s / 4294967296 - 0.5) * 2 * scale;
  });
}

type Core = (q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D) => tf.Tensor3D;

/** out, dq, dk, dv of Σ core(q, k, v) ⊙ dy on `backend`; no tensor is left behind. */
async function evaluate(backend: string, core: Core, arrays: Float32Array[], shapes: [number, number, number][]) {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const [q, k, v, dy] = arrays.map((a, i) => tf.tensor3d(a, shapes[i]));
  const out = tf.tidy(() => core(q!, k!, v!));
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
    tf.tidy(() => tf.sum(tf.mul(core(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D), dy!))),
  )([q!, k!, v!]);
  const values = (await Promise.all([out, ...grads].map((t) => t.data()))) as Float32Array[];
  tf.dispose([q!, k!, v!, dy!, out, ...grads]);
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

const maxAbs = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe('fused causal attention on webgpu matches softmax(q k^T + causalMask) v on cpu', () => {
  it.each([
    // n, Tq, Tk, R, Dh: MHA (R = 1), MQA/GQA's folded heads (R > 1), cached keys (Tk > Tq), a head that is no power of 2
    [3, 7, 7, 1, 16],
    [2, 5, 5, 4, 16],
    [2, 4, 9, 2, 16],
    [2, 6, 6, 1, 80],
    [1, 3, 8, 3, 80],
  ] as const)('n %i, Tq %i, Tk %i, R %i, Dh %i', async (n, Tq, Tk, R, Dh) => {
    const M = Tq * R;
    const shapes: [number, number, number][] = [
      [n, M, Dh],
      [n, Tk, Dh],
      [n, Tk, Dh],
      [n, M, Dh],
    ];
    // q pre-scaled as attention() does (1/sqrt(Dh)), so the scores are O(1) and the softmax is far from one-hot.
    const arrays = shapes.map((s, i) => random(s[0] * s[1] * s[2], 11 + i, i === 0 ? 2 / Math.sqrt(Dh) : 1));
    const plain: Core = (q, k, v) => tf.tidy(() => attentionCorePlain(q, k, v, causalMask(Tq, Tk, R)));
    const want = await evaluate('cpu', plain, arrays, shapes);
    const got = await evaluate('webgpu', (q, k, v) => fusedCausalAttention(q, k, v, R), arrays, shapes);
    // float32: the output is a convex mix of values in [-1, 1] (1e-5 covers the online softmax's rescaling order);
    // the gradients sum up to Tq·R products of O(1) terms in another order than the matmuls (1e-4). Measured on
    // SwiftShader: ≤ 2e-7 on the output, ≤ 1.1e-6 on the gradients.
    const [errOut, ...errGrads] = got.map((g, i) => maxAbs(g, want[i]!));
    expect(errOut).toBeLessThanOrEqual(1e-5);
    errGrads.forEach((e) => expect(e).toBeLessThanOrEqual(1e-4));
    await tf.setBackend('webgpu');
  });

  it('refuses shapes it cannot attend', () => {
    const [q, k, v] = [tf.zeros([1, 6, 8]), tf.zeros([1, 2, 8]), tf.zeros([1, 2, 4])] as tf.Tensor3D[];
    expect(() => fusedCausalAttention(q!, k!, k!, 2)).toThrow(/not \[n, Tq·R, Dh\] and \[n, Tk, Dh\] with R = 2/);
    expect(() => fusedCausalAttention(q!, q!, v!, 2)).toThrow(/v \[1,2,4\] is not k's \[1,6,8\]/);
    const wide = tf.zeros([1, 2, MAX_HEAD_DIM + 1]) as tf.Tensor3D;
    expect(() => fusedCausalAttention(wide, wide, wide, 1)).toThrow(/head size 257 is over the kernel's 256/);
    tf.dispose([q!, k!, v!, wide]);
  });
});
