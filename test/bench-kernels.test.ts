// The speed kernels of the training step (core/kernels/wasm/matmul.ts, split-rows.ts) against the stock ops they replace:
// values and gradients, on the cpu backend and on wasm (where the model uses them, and splitRows is a JS kernel).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { batchMatMulPlain, matMulPlain } from '../core/kernels/wasm/matmul';
import { splitRows } from '../core/kernels/wasm/split-rows';

async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm')
    setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  expect(await tf.setBackend(name)).toBe(true);
}

/** Max |a - b| over all elements, read back. */
function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Value and gradients (of sum(f * w), a fixed random weighting) of f(a, b). */
function valueAndGrads(
  f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  a: tf.Tensor,
  b: tf.Tensor,
  w: tf.Tensor,
): tf.Tensor[] {
  const { value, grads } = tf.valueAndGrads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), w)) as tf.Scalar)([
    a,
    b,
  ]);
  return [value, ...grads, f(a, b)];
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'] as const)('speed kernels on %s', (backend) => {
  it('matMulPlain matches tf.matMul in value and in both gradients', async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const a = tf.randomNormal([6, 5], 0, 1, 'float32', 1);
      const b = tf.randomNormal([5, 7], 0, 1, 'float32', 2);
      const w = tf.randomNormal([6, 7], 0, 1, 'float32', 3);
      const ours = valueAndGrads((x, y) => matMulPlain(x as tf.Tensor2D, y as tf.Tensor2D), a, b, w);
      const stock = valueAndGrads((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), a, b, w);
      ours.forEach((t, i) => expect(t.shape).toEqual(stock[i]!.shape));
      ours.forEach((t, i) => expect(maxDiff(t, stock[i]!), `output ${i}`).toBeLessThan(1e-5));
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('batchMatMulPlain matches a batched tf.matMul in value and in both gradients', async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const a = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 4);
      const b = tf.randomNormal([3, 5, 6], 0, 1, 'float32', 5);
      const w = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 6);
      const ours = valueAndGrads((x, y) => batchMatMulPlain(x as tf.Tensor3D, y as tf.Tensor3D), a, b, w);
      const stock = valueAndGrads((x, y) => tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), a, b, w);
      ours.forEach((t, i) => expect(t.shape).toEqual(stock[i]!.shape));
      ours.forEach((t, i) => expect(maxDiff(t, stock[i]!), `output ${i}`).toBeLessThan(1e-5));
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('splitRows cuts the leading axis into equal pieces in order, and refuses an uneven split', async () => {
    await useBackend(backend);
    const x = tf.tensor3d(
      Array.from({ length: 24 }, (_, i) => i),
      [6, 2, 2],
    );
    const pieces = splitRows(x, 3);
    expect(pieces.map((p) => p.shape)).toEqual([
      [2, 2, 2],
      [2, 2, 2],
      [2, 2, 2],
    ]);
    expect(pieces.map((p) => Array.from(p.dataSync()))).toEqual(
      [0, 8, 16].map((s) => Array.from({ length: 8 }, (_, i) => s + i)),
    );
    expect(() => splitRows(x, 4)).toThrow(/do not split/);
    tf.dispose([x, ...pieces]);
  });
});
