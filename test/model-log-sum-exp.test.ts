// logSumExpRows (core/ops/loss.ts): its value and its closed-form gradient equal tf.logSumExp's, also for
// rows with a dominant logit (where the max's gradient matters), on cpu and wasm; no tensor outlives the check.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { logSumExpRows } from '../core/ops/loss';
import { maxAbsDiff } from './model-helpers';

afterAll(async () => {
  await tf.setBackend('cpu');
});

it.each(['cpu', 'wasm'])('equals tf.logSumExp forward and backward on %s', async (backend) => {
  if (backend === 'wasm')
    setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  expect(await tf.setBackend(backend)).toBe(true);
  const before = tf.memory().numTensors;
  // Row 0 has one logit far above the rest (softmax ≈ one-hot), row 2 two tied maxima; w weights each row's log Z.
  const x = tf.tensor2d([
    [30, 0, -1, 2],
    [0.5, -0.25, 1, 0],
    [3, 3, -2, 0],
  ]);
  const w = tf.tensor1d([1, -2, 0.5]);
  const f = (lse: (t: tf.Tensor2D) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(lse(t as tf.Tensor2D), w));
  const [fast] = tf.grads(f(logSumExpRows))([x]);
  const [stock] = tf.grads(f((t) => tf.logSumExp(t, 1)))([x]);
  const value = logSumExpRows(x);
  const expected = tf.logSumExp(x, 1);
  expect(maxAbsDiff(value, expected)).toBeLessThan(1e-5);
  expect(maxAbsDiff(fast!, stock!)).toBeLessThan(1e-6);
  // The gradient is w ⊙ softmax: each row sums to its weight.
  expect(Array.from(tf.tidy(() => tf.sum(fast!, 1).dataSync()))).toEqual([1, -2, 0.5].map((v) => expect.closeTo(v, 5)));
  tf.dispose([x, w, fast!, stock!, value, expected]);
  expect(tf.memory().numTensors).toBe(before);
});
