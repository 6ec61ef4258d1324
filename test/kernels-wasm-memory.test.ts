// What a training step keeps (issue 9, memory): on wasm a clone shares its buffer instead of copying it (the engine
// clones every tensor an op saves), and a custom op's backward frees its temporaries before the next op's runs.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { kernels } from '../core/kernels';
import { customOp } from '../core/ops/custom-op';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;

it('a clone on wasm shares the buffer, outlives its source and is not changed by a variable assign', async () => {
  setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(kernels().name).toBe('wasm'); // installs the shared Identity
  const before = tf.memory().numTensors;
  const x = tf.tensor1d([1, 2, 3]);
  const y = tf.clone(x);
  expect(y.dataId).toBe(x.dataId);
  x.dispose();
  expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
  const [init, next] = [tf.tensor1d([4, 5, 6]), tf.tensor1d([7, 8, 9])];
  const v = tf.variable(init);
  const snapshot = tf.clone(v);
  v.assign(next);
  expect(Array.from(snapshot.dataSync())).toEqual([4, 5, 6]);
  expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
  // Cloning 4 MiB sixteen times does not grow the heap by 64 MiB.
  const big = tf.zeros([1 << 20]);
  const heap = heapBytes();
  const clones = Array.from({ length: 16 }, () => tf.clone(big));
  expect(heapBytes() - heap).toBeLessThan(1 << 20);
  tf.dispose([y, init, next, v, snapshot, big, ...clones]);
  expect(tf.memory().numTensors).toBe(before);
});

it("a custom op's backward frees its temporaries: a chain's peak does not grow with its length", async () => {
  await tf.setBackend('cpu');
  // Each backward makes a 4 MiB temporary (the 1M-element product) that its gradient does not return.
  const op = customOp<[tf.Tensor1D], tf.Tensor1D>((x) => ({
    value: tf.mul(x, 2),
    gradFunc: (dy) => tf.mean(tf.reshape(tf.mul(tf.tile(dy, [1 << 18]), 2), [1 << 18, -1]), 0), // 2 dy
  }));
  const peak = async (length: number) => {
    const x = tf.ones([4]) as tf.Tensor1D;
    const info = await tf.profile(() => {
      const [g] = tf.grads((t: tf.Tensor) => {
        let y = t as tf.Tensor1D;
        for (let i = 0; i < length; i++) y = op(y);
        return tf.sum(y);
      })([x]);
      expect(g!.dataSync()[0]).toBe(2 ** length);
      g!.dispose();
    });
    x.dispose();
    return info.peakBytes;
  };
  const short = await peak(2);
  const long = await peak(12);
  expect(long - short).toBeLessThan(1 << 20); // without the tidy: 10 more temporaries of 4 MiB
});
