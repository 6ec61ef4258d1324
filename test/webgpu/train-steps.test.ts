// The real training step (core/train/step.ts) on WebGPU: 20 steps of PaLM's defaults (Adafactor, z-loss, clipping)
// leave no tensor behind, and the loss on a fixed batch goes down.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { parseConfig } from '../../core/config';
import { createParams, disposeParams } from '../../core/model';
import { createOptimizer } from '../../core/optim';
import { readStepStats, runTrainStep, STEP_STATS } from '../../core/train/step';
import { tokenArray } from '../model-helpers';

const STEPS = 20;

it(`${STEPS} training steps on webgpu: numTensors stable, loss falls`, async () => {
  expect(tf.getBackend()).toBe('webgpu');
  // SwiftShader is slow: D 16, H 2 (MQA), Dh 8, L 1, T 8, B 2, V 256.
  const config = parseConfig({
    model: { vocabSize: 256, dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, ffnMult: 2, seqLen: 8 },
    train: { batchSize: 2, steps: STEPS, seed: 3 },
    data: { tokenizer: 'byte' },
  });
  const { seqLen } = config.model;
  const ids = tokenArray(1, 2 * (seqLen + 1), 256, 5)[0]!;
  const rows = [0, seqLen + 1].map((start) => ids.slice(start, start + seqLen + 1));
  const batch = {
    inputs: Int32Array.from(rows.flatMap((r) => r.slice(0, seqLen))),
    targets: Int32Array.from(rows.flatMap((r) => r.slice(1))),
  };
  const params = createParams(config.model, config.train.seed);
  const optimizer = createOptimizer(config.optimizer, STEPS);

  // Step 1 creates the optimizer slots; from then on only the pending stats may add tensors.
  const first = await readStepStats([runTrainStep(params, config, optimizer, batch, 1)]);
  const base = tf.memory().numTensors;
  const pending: tf.Tensor1D[] = [];
  for (let step = 2; step <= STEPS; step++) {
    pending.push(runTrainStep(params, config, optimizer, batch, step));
    expect(tf.memory().numTensors).toBe(base + pending.length);
  }
  const stats = await readStepStats(pending);
  expect(tf.memory().numTensors).toBe(base);

  expect(stats.every(Number.isFinite)).toBe(true);
  // The global gradient norm is a real reduction over every parameter's gradient, never a silent 0.
  for (let i = 0; i < STEPS - 1; i++) expect(stats[i * STEP_STATS + 2]).toBeGreaterThan(0);
  const lastCe = stats[(STEPS - 2) * STEP_STATS];
  expect(lastCe).toBeLessThan(first[0]! - 0.1);
  optimizer.dispose();
  disposeParams(params);
});
