// Launch counts on webgpu (Dawn; SwiftShader without a GPU, where counts are the same as on any GPU): one reference
// training step's kernels and GPU programs within their budgets, and the parallel block launching fewer than serial.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { shrunkReference, stepLaunches } from '../launch-helpers';

/**
 * One reference training step (4 layers) on webgpu with the fused parallel block, loss, norms, RoPE, SwiGLU, the
 * clip factor read by the update kernels and the flash-style causal attention, as measured in docs/benchmarks.md
 * (Kernel launches): counts may fall, never rise.
 */
const KERNEL_BUDGET = 347;
const DISPATCH_BUDGET = 230;

it('one reference step on webgpu: launches and dispatches within budget, parallel below serial', async () => {
  expect(tf.getBackend()).toBe('webgpu');
  const parallel = await stepLaunches(shrunkReference());
  const serial = await stepLaunches(shrunkReference({ block: 'serial' }));
  expect(parallel.kernelLaunches).toBeLessThanOrEqual(KERNEL_BUDGET);
  expect(parallel.dispatches).toBeLessThanOrEqual(DISPATCH_BUDGET);
  // One shared norm (and, with the fused block, fused projections): fewer launches than serial.
  expect(parallel.kernelLaunches).toBeLessThan(serial.kernelLaunches);
  expect(parallel.dispatches).toBeLessThan(serial.dispatches!);
}, 600_000);
