// The fused webgpu optimizer updates (core/kernels/webgpu/fused-*.ts) against the stock-op path on the cpu backend: 3 steps of
// Adafactor (PaLM preset, config defaults, no momentum/scale/decay, factored) and AdamW from the same plain arrays.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../../core/config';
import { clipByGlobalNorm, createOptimizer, createPalmAdafactor } from '../../core/optim';
import type { SlottedOptimizer } from '../../core/optim/slotted-optimizer';
import { ADAFACTOR_UPDATE } from '../../core/kernels/webgpu/fused-adafactor';
import { ADAMW_UPDATE } from '../../core/kernels/webgpu/fused-adamw';
import { SUM_SQUARES } from '../../core/kernels/webgpu/fused-sum-squares';

// A matrix past the reduction workgroup (2,400 > 256 elements: every thread loops), a vector, and a small matrix.
const SHAPES: Record<string, number[]> = { w: [8, 300], b: [24], k: [6, 5] };
const STEPS = 3;

/** Seeded values in [-scale, scale) from a small LCG, independent of any backend. */
function values(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

const init = Object.fromEntries(
  Object.entries(SHAPES).map(([n, sh], i) => [n, values(tf.util.sizeFromShape(sh), 11 + i, 0.5)]),
);
// Per-step gradients, some tiny (|g| ~ 1e-6) so eps1/eps and the clipping are exercised.
const grads = Array.from({ length: STEPS }, (_, k) =>
  Object.fromEntries(
    Object.entries(SHAPES).map(([n, sh], i) => [
      n,
      values(tf.util.sizeFromShape(sh), 100 * k + i + 1, k === 1 ? 1e-6 : 0.3),
    ]),
  ),
);

const fromConfig = (optimizer: ConfigInput['optimizer']) => () =>
  createOptimizer(parseConfig({ optimizer }).optimizer, 10);
const ALL = Object.keys(SHAPES).length;
/** Global-norm clipping's factor, as the training step hands it to the update kernels (core/train/step.ts). */
const CLIP = 0.37;
/** [label, optimizer, fused kernel, how many tensors take it, the gradients' clip factor (none: unscaled)] */
const CASES: [string, () => SlottedOptimizer, string, number, number?][] = [
  ['adafactor PaLM preset', createPalmAdafactor, ADAFACTOR_UPDATE, ALL],
  ['adafactor PaLM preset, gradients times a clip factor', createPalmAdafactor, ADAFACTOR_UPDATE, ALL, CLIP],
  ['adafactor config defaults', fromConfig({}), ADAFACTOR_UPDATE, ALL],
  [
    'adafactor without momentum, parameter scale or decay',
    fromConfig({
      beta1: null,
      multiplyByParameterScale: false,
      weightDecayLrExponent: null,
      schedule: 'constant',
      learningRate: 0.05,
    }),
    ADAFACTOR_UPDATE,
    ALL,
  ],
  // Factored matrices stay on the stock path; the vector goes through the fused kernel in the same step.
  ['adafactor factored', fromConfig({ factored: true, minDimSizeToFactor: 4 }), ADAFACTOR_UPDATE, 1],
  ['adamw config defaults', fromConfig({ name: 'adamw' }), ADAMW_UPDATE, ALL],
  ['adamw, gradients times a clip factor', fromConfig({ name: 'adamw' }), ADAMW_UPDATE, ALL, CLIP],
  [
    'adafactor factored, gradients times a clip factor',
    fromConfig({ factored: true, minDimSizeToFactor: 4 }),
    ADAFACTOR_UPDATE,
    1,
    CLIP,
  ],
  [
    'adamw constant lr',
    fromConfig({ name: 'adamw', schedule: 'constant', learningRate: 1e-2, weightDecay: 0 }),
    ADAMW_UPDATE,
    ALL,
  ],
];

interface Run {
  params: Record<string, Float32Array>;
  kernels: string[];
}

/**
 * STEPS updates on the current backend, from the gradients times `scale` when given; params after the last step and
 * the kernel names of the last step.
 */
async function run(make: () => SlottedOptimizer, tag: string, scale?: number): Promise<Run> {
  const vars = Object.fromEntries(
    Object.entries(SHAPES).map(([n, sh]) => [n, tf.variable(tf.tensor(init[n]!, sh), true, `${tag}/${n}`)]),
  );
  const opt = make();
  let kernels: string[] = [];
  for (let k = 0; k < STEPS; k++) {
    const g = Object.fromEntries(
      Object.entries(SHAPES).map(([n, sh]) => [vars[n]!.name, tf.tensor(grads[k]![n]!, sh)]),
    );
    const factor = scale === undefined ? undefined : tf.scalar(scale);
    const info = await tf.profile(() => opt.applyGradients(g, factor));
    kernels = info.kernels.map((r) => r.name);
    tf.dispose([...Object.values(g), ...(factor ? [factor] : [])]);
  }
  const before = tf.memory().numTensors;
  const params = Object.fromEntries(
    await Promise.all(Object.entries(vars).map(async ([n, v]) => [n, (await v.data()) as Float32Array])),
  );
  expect(tf.memory().numTensors).toBe(before);
  opt.dispose();
  tf.dispose(Object.values(vars));
  return { params, kernels };
}

/** max |a - b| over max(max |b|, 1e-3): the error relative to the tensor's own scale. */
function relError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

afterAll(() => expect(tf.getBackend()).toBe('webgpu'));

// float32 on both sides; the reductions (rms(u), rms(param)) sum in another order and WGSL's inverseSqrt may differ by
// an ulp or two, so 3 steps agree to ~1e-6 of each tensor's scale; 1e-5 leaves room. Adam's step g/(|g|+eps) on the
// tiny-gradient step amplifies rounding, hence the same 1e-4 bound as parity.test.ts.
describe('fused webgpu optimizer updates agree with the stock ops on cpu over 3 steps', () => {
  it.each(CASES)('%s', async (label, make, kernel, fused, scale) => {
    await tf.setBackend('cpu');
    const cpu = await run(make, `cpu-${label}`, scale);
    await tf.setBackend('webgpu');
    const gpu = await run(make, `gpu-${label}`, scale);
    // Stock ops on cpu; on webgpu the fused kernel, once per unfactored tensor, which applies the clip factor itself
    // (only a factored tensor, on the stock path, multiplies by it first).
    expect(cpu.kernels).not.toContain(kernel);
    expect(gpu.kernels.filter((k) => k === kernel).length).toBe(fused);
    if (scale !== undefined && fused === ALL) expect(gpu.kernels).not.toContain('Multiply');
    const tol = kernel === ADAMW_UPDATE ? 1e-4 : 1e-5;
    for (const n of Object.keys(SHAPES)) expect(relError(gpu.params[n]!, cpu.params[n]!), n).toBeLessThan(tol);
  });
});

/** clipByGlobalNorm of step 1's gradients on the current backend: the norm, the clipped values, the kernel names. */
async function clipOnce(): Promise<{ norm: number; clipped: Record<string, Float32Array>; kernels: string[] }> {
  const g = Object.fromEntries(Object.entries(SHAPES).map(([n, sh]) => [n, tf.tensor(grads[0]![n]!, sh)]));
  let out: ReturnType<typeof clipByGlobalNorm> | undefined;
  const info = await tf.profile(() => {
    out = clipByGlobalNorm(g, 1);
  });
  const { grads: clipped, norm } = out as ReturnType<typeof clipByGlobalNorm>;
  const result = {
    norm: (await norm.data())[0]!,
    clipped: Object.fromEntries(
      await Promise.all(Object.entries(clipped).map(async ([n, t]) => [n, (await t.data()) as Float32Array])),
    ),
    kernels: info.kernels.map((r) => r.name),
  };
  tf.dispose([norm, ...Object.values(clipped), ...Object.values(g)]);
  return result;
}

it('global-norm clipping with the fused Σ g² agrees with cpu (norm 1e-5 relative, values 1e-5 of scale)', async () => {
  await tf.setBackend('cpu');
  const cpu = await clipOnce();
  await tf.setBackend('webgpu');
  const gpu = await clipOnce();
  expect(gpu.kernels.filter((k) => k === SUM_SQUARES).length).toBe(Object.keys(SHAPES).length);
  expect(cpu.norm).toBeGreaterThan(1); // so the clipping really scales
  expect(Math.abs(gpu.norm - cpu.norm) / cpu.norm).toBeLessThan(1e-5);
  for (const n of Object.keys(SHAPES)) expect(relError(gpu.clipped[n]!, cpu.clipped[n]!), n).toBeLessThan(1e-5);
});
