// The column split behind the parallel block's fused projections (core/kernels/wasm/split-columns.ts): on wasm its
// pieces and its gradient equal the reference (tf.split on cpu); a width that does not add up is refused.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { kernels } from '../core/kernels';

const [N, sizes] = [5, [3, 1, 4]];
const x = Float32Array.from({ length: N * 8 }, (_, i) => Math.sin(i));
const w = sizes.map((c, k) => Float32Array.from({ length: N * c }, (_, i) => Math.cos(i + 10 * k)));

/** The pieces and d/dx of Σ_k Σ piece_k ⊙ w_k on the current backend. */
async function run(): Promise<{ pieces: Float32Array[]; grad: Float32Array; leaked: number }> {
  const before = tf.memory().numTensors;
  const xt = tf.tensor2d(x, [N, 8]);
  const pieces = kernels().splitColumns(xt, sizes);
  const g = tf.grad((t: tf.Tensor) =>
    tf.addN(
      kernels()
        .splitColumns(t as tf.Tensor2D, sizes)
        .map((p, k) => tf.sum(tf.mul(p, tf.tensor2d(w[k]!, p.shape)))),
    ),
  )(xt);
  const out = {
    pieces: await Promise.all(pieces.map((p) => p.data() as Promise<Float32Array>)),
    grad: (await g.data()) as Float32Array,
  };
  tf.dispose([xt, g, ...pieces]);
  return { ...out, leaked: tf.memory().numTensors - before };
}

it('splitColumns on wasm equals the reference split, forward and backward', async () => {
  await tf.setBackend('cpu');
  const cpu = await run();
  setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(kernels().name).toBe('wasm');
  const wasm = await run();
  expect(() => kernels().splitColumns(tf.zeros([2, 7]) as tf.Tensor2D, sizes)).toThrow(
    'does not split into columns of 3 + 1 + 4',
  );
  await tf.setBackend('cpu');
  expect(wasm.pieces.map((p) => Array.from(p))).toEqual(cpu.pieces.map((p) => Array.from(p)));
  expect(Array.from(wasm.grad)).toEqual(Array.from(cpu.grad));
  // Row 1 of the middle piece is x[1, 3]: the columns are taken from each row, not from the flat buffer.
  expect(cpu.pieces[1]![1]).toBe(x[8 + 3]);
  expect(wasm.leaked).toBe(0);
});
