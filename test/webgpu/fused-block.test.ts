// The fused parallel block on WebGPU (Dawn): its value and gradients equal the unfused math on the same backend, and
// a whole training step of the parallel model launches at least 10% fewer kernels than the serial one
// (docs/benchmarks.md, Kernel launches).
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { parseConfig, type Config } from '../../core/config';
import { createParams, disposeParams } from '../../core/model';
import { createOptimizer } from '../../core/optim';
import { readStepStats, runTrainStep } from '../../core/train/step';
import { blockGrads, maxDiff } from '../fused-helpers';
import { randomTensors, tinyModel, tokenArray } from '../model-helpers';

it('fused parallel block = unfused math on webgpu, forward and backward', async () => {
  expect(tf.getBackend()).toBe('webgpu');
  // SwiftShader is slow: D 16, H 4, G 2, Dh 4, T 8, B 2, with biases so the fused b_in is exercised.
  const m = tinyModel({ nLayers: 1, attention: 'gqa', kvHeads: 2, bias: true });
  const tensors = randomTensors(m, 3);
  const fused = await blockGrads(m, tensors, 2, true);
  const unfused = await blockGrads(m, tensors, 2, false);
  tf.dispose(Object.values(tensors));
  expect(Math.abs(fused.value - unfused.value)).toBeLessThan(1e-4 * Math.abs(unfused.value) + 1e-4);
  expect(Object.keys(fused.grads).sort()).toEqual(Object.keys(unfused.grads).sort());
  for (const [n, g] of Object.entries(unfused.grads)) expect(maxDiff(fused.grads[n]!, g), n).toBeLessThan(1e-4);
  expect(fused.leaked).toBe(0);
  expect(unfused.leaked).toBe(0);
});

/** Kernels one training step launches (after a first step made the optimizer's slots). */
async function kernelsPerStep(config: Config): Promise<number> {
  const m = config.model;
  const ids = tokenArray(2, m.seqLen, m.vocabSize, 7).flat();
  const batch = { inputs: Int32Array.from(ids), targets: Int32Array.from(ids.map((t) => (t + 1) % m.vocabSize)) };
  const params = createParams(m, 1);
  const optimizer = createOptimizer(config.optimizer, 10);
  await readStepStats([runTrainStep(params, config, optimizer, batch, 1)]);
  let stats: tf.Tensor1D | null = null;
  const info = await tf.profile(() => {
    stats = runTrainStep(params, config, optimizer, batch, 2);
  });
  await readStepStats([stats!]);
  optimizer.dispose();
  disposeParams(params);
  return info.kernels.length;
}

it('a parallel training step launches >= 10% fewer kernels than a serial one', async () => {
  const base = { vocabSize: 256, dModel: 16, nLayers: 2, nHeads: 2, headDim: 8, ffnMult: 2, seqLen: 8 };
  const of = (block: 'parallel' | 'serial') =>
    parseConfig({ model: { ...base, block }, train: { batchSize: 2, steps: 10 }, data: { tokenizer: 'byte' } });
  const parallel = await kernelsPerStep(of('parallel'));
  const serial = await kernelsPerStep(of('serial'));
  console.log(`webgpu kernels per training step: parallel ${parallel}, serial ${serial}`);
  expect(parallel).toBeLessThanOrEqual(0.9 * serial);
});
