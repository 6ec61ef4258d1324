// WebGPU (Dawn) against the cpu backend on one tiny model: logits, loss, the gradient of every parameter, and one
// AdamW and one Adafactor step. Everything is computed on each backend from the same plain arrays, then compared.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../core/config';
import {
  computeLoss,
  disposeParams,
  forward,
  modelParamSpecs,
  paramsFromTensors,
  paramSpecs,
  type Params,
} from '../../core/model';
import { createOptimizer } from '../../core/optim';
import { randomTensors, tinyModel, tokenArray } from '../model-helpers';

// SwiftShader is slow: D 16, H 4 (MQA), Dh 8, L 2, T 8, B 2, V 256.
const m = tinyModel({ nHeads: 4, headDim: 8, nLayers: 2 });
const B = 2;
const T = m.seqLen;
const inputs = tokenArray(B, T, m.vocabSize, 31);
const targets = tokenArray(B, T, m.vocabSize, 32);
const optimizers = {
  adamw: parseConfig({ optimizer: { name: 'adamw', schedule: 'constant', learningRate: 1e-2 } }).optimizer,
  // Factored, so both Adafactor paths run: row/column moments for the matrices, whole ones for the vectors.
  adafactor: parseConfig({ optimizer: { name: 'adafactor', factored: true, minDimSizeToFactor: 8 } }).optimizer,
};

type Arrays = Record<string, Float32Array>;
interface Results {
  logits: Float32Array;
  loss: number;
  grads: Arrays;
  after: Record<keyof typeof optimizers, Arrays>;
}

async function readParams(params: Params): Promise<Arrays> {
  const names = Object.keys(params);
  const values = await Promise.all(names.map((n) => params[n]!.data() as Promise<Float32Array>));
  return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
}

function loadParams(weights: Arrays): Params {
  const tensors = Object.fromEntries(paramSpecs(m).map((s) => [s.name, tf.tensor(weights[s.name]!, s.shape)]));
  const params = paramsFromTensors(m, tensors);
  tf.dispose(Object.values(tensors));
  return params;
}

/** Every quantity under test, computed on the current backend from plain arrays. */
async function computeAll(weights: Arrays): Promise<Results> {
  const x = tf.tensor2d(inputs, [B, T], 'int32');
  const y = tf.tensor2d(targets, [B, T], 'int32');
  const lossOf = (params: Params) => () => computeLoss(params, m, x, y, { training: false, zLossCoef: 1e-4 }).loss;
  const params = loadParams(weights);
  const logitsT = forward(params, m, x, { training: false });
  const logits = (await logitsT.data()) as Float32Array;
  const { value, grads } = tf.variableGrads(lossOf(params), Object.values(params));
  const loss = (await value.data())[0]!;
  const gradArrays: Arrays = {};
  for (const [name, v] of Object.entries(params)) gradArrays[name] = (await grads[v.name]!.data()) as Float32Array;
  tf.dispose([logitsT, value, ...Object.values(grads)]);
  disposeParams(params);

  const after = {} as Results['after'];
  for (const [name, cfg] of Object.entries(optimizers) as [keyof typeof optimizers, (typeof optimizers)['adamw']][]) {
    const fresh = loadParams(weights);
    const opt = createOptimizer(cfg, 10);
    const step = tf.variableGrads(lossOf(fresh), Object.values(fresh));
    opt.applyGradients(step.grads);
    tf.dispose([step.value, ...Object.values(step.grads)]);
    after[name] = await readParams(fresh);
    opt.dispose();
    disposeParams(fresh);
  }
  tf.dispose([x, y]);
  return { logits, loss, grads: gradArrays, after };
}

/** max |a - b| over max(|b|, floor): an error relative to the tensor's own scale. */
function relError(a: Float32Array, b: Float32Array, floor = 1e-3): number {
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

let cpu: Results;
let gpu: Results;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const init = randomTensors(m, 7);
  const weights: Arrays = {};
  for (const [name, t] of Object.entries(init)) weights[name] = (await t.data()) as Float32Array;
  tf.dispose(Object.values(init));
  cpu = await computeAll(weights);
  await tf.setBackend('webgpu');
  gpu = await computeAll(weights);
});

afterAll(() => expect(tf.getBackend()).toBe('webgpu'));

describe('webgpu agrees with cpu (float32; SwiftShader sums in another order)', () => {
  it('logits within 1e-4 of their scale', () => {
    expect(gpu.logits.length).toBe(B * T * m.vocabSize);
    expect(relError(gpu.logits, cpu.logits)).toBeLessThan(1e-4);
  });

  it('loss within 1e-5 relative', () => {
    expect(cpu.loss).toBeGreaterThan(0);
    expect(Math.abs(gpu.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-5);
  });

  it('the gradient of every parameter within 1e-4 of its scale', () => {
    const names = modelParamSpecs(m).map((s) => s.name); // the in-memory layout: a parallel block's fused projections
    expect(Object.keys(gpu.grads).sort()).toEqual([...names].sort());
    for (const name of names) expect(relError(gpu.grads[name]!, cpu.grads[name]!, 1e-6), name).toBeLessThan(1e-4);
  });

  // Adam's first step is lr * g / (|g| + eps): for the embedding rows seen only through the tied output (|g| ~ eps
  // = 1e-8) it amplifies the gradient's rounding, so AdamW gets 1e-4 (measured ~6e-6); Adafactor 1e-5 (~3e-8).
  it.each([
    ['adamw', 1e-4],
    ['adafactor', 1e-5],
  ] as const)('one %s step: every parameter within %s of its scale', (name, tol) => {
    for (const spec of modelParamSpecs(m))
      expect(relError(gpu.after[name][spec.name]!, cpu.after[name][spec.name]!), spec.name).toBeLessThan(tol);
  });
});
