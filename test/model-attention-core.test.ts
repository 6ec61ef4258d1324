// The attention core's hand-written gradient (core/ops/attention.ts) against autodiff of its plain form, on cpu
// and wasm, for MQA-shaped (rows = T * R) and MHA-shaped groups, with a causal mask; and no tensor outlives a pass.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attentionCore, causalMask } from '../core/ops/attention';
import { attentionCorePlain } from './plain-forms';
import { maxAbsDiff } from './model-helpers';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Seeded normal q [n, M, Dh], k, v [n, Tk, Dh], a mask for R query rows per position, and an output weighting. */
function inputs(n: number, T: number, R: number, Dh: number) {
  const q = tf.randomNormal([n, T * R, Dh], 0, 1, 'float32', 1) as tf.Tensor3D;
  const k = tf.randomNormal([n, T, Dh], 0, 1, 'float32', 2) as tf.Tensor3D;
  const v = tf.randomNormal([n, T, Dh], 0, 1, 'float32', 3) as tf.Tensor3D;
  const w = tf.randomNormal([n, T * R, Dh], 0, 1, 'float32', 4) as tf.Tensor3D;
  return { q, k, v, w, mask: causalMask(T, T, R) };
}

describe.each(['cpu', 'wasm'])('attention core on %s', (backend) => {
  it.each([
    ['MQA: 4 query heads per K/V head', 2, 4],
    ['MHA: 1 query head per K/V head', 8, 1],
  ])('%s: value and dq, dk, dv equal autodiff of the plain form', async (_name, n, R) => {
    if (backend === 'wasm')
      setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    expect(await tf.setBackend(backend)).toBe(true);
    const before = tf.memory().numTensors;
    const { q, k, v, w, mask } = inputs(n, 6, R, 8);
    // A weighted sum, so that every output element gets its own gradient (a plain sum would hide a transposed dv).
    const loss = (core: typeof attentionCorePlain) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(core(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D, mask), w));
    const fast = tf.grads(loss(attentionCore))([q, k, v]);
    const plain = tf.grads(loss(attentionCorePlain))([q, k, v]);
    const yFast = attentionCore(q, k, v, mask);
    const yPlain = tf.tidy(() => attentionCorePlain(q, k, v, mask)); // the plain form leaves its temporaries
    expect(maxAbsDiff(yFast, yPlain)).toBeLessThan(1e-5);
    fast.forEach((g, i) => {
      expect(tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0])).toBeGreaterThan(1e-2); // not vacuously zero
      expect(maxAbsDiff(g, plain[i]!)).toBeLessThan(1e-4);
    });
    tf.dispose([q, k, v, w, mask, yFast, yPlain, ...fast, ...plain]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
