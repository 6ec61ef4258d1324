// One full training step (core/train/step.ts: forward, z-loss, backward, global-norm clipping, the optimizer
// update) on the WASM backend, the fast CPU path of the benchmarks, against the cpu backend from the same weights.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../core/config';
import { disposeParams, documentedTensors, paramsFromTensors, paramSpecs } from '../core/model';
import { createOptimizer } from '../core/optim';
import { readStepStats, runTrainStep } from '../core/train/step';
import { randomTensors, TINY, tokenArray } from './model-helpers';

type Arrays = Record<string, Float32Array>;
const B = 2;

function configFor(optimizer: 'adamw' | 'adafactor'): Config {
  return parseConfig({
    model: { ...TINY },
    // Factored Adafactor and a tight clip, so both Adafactor paths and the clipping scale are exercised.
    optimizer: {
      name: optimizer,
      factored: true,
      minDimSizeToFactor: 8,
      clipNorm: 0.5,
      schedule: 'constant',
      learningRate: 1e-2,
    },
    train: { batchSize: B, zLossCoef: 1e-4 },
    data: { tokenizer: 'byte' },
  });
}

/** Two steps on the current backend from `weights`: the per-step stats [ce, zLoss, gradNorm] and the new weights. */
async function trainTwoSteps(
  config: Config,
  weights: Arrays,
): Promise<{ stats: Float32Array; after: Arrays; leaked: number }> {
  const m = config.model;
  const tensors = Object.fromEntries(paramSpecs(m).map((s) => [s.name, tf.tensor(weights[s.name]!, s.shape)]));
  const params = paramsFromTensors(m, tensors);
  tf.dispose(Object.values(tensors));
  const optimizer = createOptimizer(config.optimizer, 10);
  const [inputs, targets] = [41, 42].map((seed) =>
    Int32Array.from(tokenArray(B, m.seqLen, m.vocabSize, seed).flat()),
  ) as [Int32Array, Int32Array];
  const first = runTrainStep(params, config, optimizer, { inputs, targets }, 1);
  const before = tf.memory().numTensors;
  const second = runTrainStep(params, config, optimizer, { inputs, targets }, 2);
  const leaked = tf.memory().numTensors - before - 1; // the second step's stats tensor is expected
  const stats = await readStepStats([first, second]);
  const after: Arrays = {};
  const documented = documentedTensors(m, params); // the documented names (a parallel block holds its projections fused)
  for (const [name, t] of Object.entries(documented)) after[name] = (await t.data()) as Float32Array;
  tf.dispose(Object.values(documented));
  optimizer.dispose();
  disposeParams(params);
  return { stats, after, leaked };
}

describe('wasm training step', () => {
  it.each(['adamw', 'adafactor'] as const)('%s: two steps match the cpu backend', async (name) => {
    const config = configFor(name);
    await tf.setBackend('cpu');
    const init = randomTensors(config.model, 8);
    const weights: Arrays = {};
    for (const [n, t] of Object.entries(init)) weights[n] = (await t.data()) as Float32Array;
    tf.dispose(Object.values(init));
    const cpu = await trainTwoSteps(config, weights);

    setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    expect(await tf.setBackend('wasm')).toBe(true);
    const wasm = await trainTwoSteps(config, weights);
    await tf.setBackend('cpu');

    expect(wasm.leaked).toBe(0);
    // The clip is active (gradNorm > clipNorm), so its scale is part of what is compared.
    expect(cpu.stats[2]).toBeGreaterThan(config.optimizer.clipNorm);
    for (let i = 0; i < cpu.stats.length; i++)
      expect(Math.abs(wasm.stats[i]! - cpu.stats[i]!), `stat ${i}`).toBeLessThan(1e-5 * Math.max(1, cpu.stats[i]!));
    for (const spec of paramSpecs(config.model)) {
      const [a, b] = [wasm.after[spec.name]!, cpu.after[spec.name]!];
      const scale = Math.max(1e-3, ...Array.from(b, Math.abs));
      const diff = Math.max(...Array.from(b, (v, i) => Math.abs(v - a[i]!)));
      expect(diff / scale, spec.name).toBeLessThan(1e-4);
    }
  });
});
