// Kernel launches as a metric (core/bench/launches.ts, issue 10 §1) on cpu and wasm: the counter against a hand count,
// the reference step's count (independent of sizes, within its budget) and the parallel block's saving over serial.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countDispatches, profileLaunches } from '../core/bench/launches';
import { customOp } from '../core/ops/custom-op';
import { shrunkReference, stepLaunches } from './launch-helpers';

/**
 * Kernel launches of one reference training step (4 layers), as measured when this test was written: a count may
 * fall (a fused kernel) but not rise. wasm runs more: its batched matmuls split into 2-D ones (core/kernels/wasm).
 */
const REFERENCE_BUDGET = { cpu: 1663, wasm: 1915 };

describe('the launch counter', () => {
  it('counts backend kernels and skips the custom-gradient scope around them', async () => {
    // Inside the custom op: Square, Sum (2 kernels); outside: Add; its gradient is not taken here.
    const op = customOp<[tf.Tensor], tf.Tensor>((x) => ({ value: tf.sum(tf.square(x)), gradFunc: (dy) => dy }));
    const x = tf.tensor1d([1, 2, 3]);
    const { kernelLaunches, dispatches, info } = await profileLaunches(async () => {
      const y = tf.add(op(x), 1);
      await y.data();
      y.dispose();
    });
    // The custom op's record carries its enclosing scope's name (none here): not a kernel of the backend.
    expect(info.kernels.map((k) => k.name)).toEqual(['Square', 'Sum', '', 'Add']);
    expect(kernelLaunches).toBe(3);
    expect(dispatches).toBeUndefined(); // cpu dispatches no GPU programs
    x.dispose();
  });

  it('returns what the counted function returns, without dispatches off webgpu', async () => {
    expect(await countDispatches(() => Promise.resolve(7))).toEqual({ result: 7 });
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`one reference training step on ${backend}`, () => {
    afterAll(() => tf.setBackend('cpu'));

    it('launches as many kernels at two sizes, within its budget, and the parallel block fewer than serial', async () => {
      if (backend === 'wasm')
        setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
      expect(await tf.setBackend(backend)).toBe(true);
      const small = await stepLaunches(shrunkReference());
      // Widths and length change, the ops do not (the batch stays: wasm splits batched matmuls per batch row).
      const larger = await stepLaunches(shrunkReference({ dModel: 32, headDim: 8, seqLen: 12 }));
      const serial = await stepLaunches(shrunkReference({ block: 'serial' }));
      expect(small.dispatches).toBeUndefined();
      expect(larger.kernelLaunches).toBe(small.kernelLaunches);
      expect(small.kernelLaunches).toBeLessThanOrEqual(REFERENCE_BUDGET[backend]);
      expect(small.kernelLaunches).toBeLessThan(serial.kernelLaunches);
    });
  });
}
