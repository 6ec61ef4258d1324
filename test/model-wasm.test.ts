// The model trains on the WASM backend too: its forward and backward need no kernel wasm lacks (UnsortedSegmentSum,
// the gradient of tf.gather, docs/design.md §3) and agree with the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../core/config';
import { computeLoss, createParams, disposeParams } from '../core/model';
import { tinyModel, tokens } from './model-helpers';

type ModelInput = NonNullable<ConfigInput['model']>;

function lossAndGrads(overrides: ModelInput): { loss: number; grads: Record<string, Float32Array>; leaked: number } {
  const m = tinyModel(overrides);
  const params = createParams(m, 3);
  const inputs = tokens(2, 8, m.vocabSize, 4);
  const targets = tokens(2, 8, m.vocabSize, 5);
  const before = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(
    () => computeLoss(params, m, inputs, targets, { training: false, zLossCoef: 1e-4 }).loss,
  );
  const out: Record<string, Float32Array> = {};
  for (const [key, v] of Object.entries(params)) out[key] = grads[v.name]!.dataSync() as Float32Array;
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  const leaked = tf.memory().numTensors - before;
  tf.dispose([inputs, targets]);
  disposeParams(params);
  return { loss, grads: out, leaked };
}

describe('wasm backend', () => {
  const variants: ModelInput[] = [
    {},
    { block: 'serial', attention: 'gqa', kvHeads: 2, position: 'learned', bias: true, tieEmbeddings: false },
  ];

  it.each(variants)('forward and backward match the cpu backend: %o', async (overrides) => {
    await tf.setBackend('cpu');
    const cpu = lossAndGrads(overrides);
    setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    expect(await tf.setBackend('wasm')).toBe(true);
    const wasm = lossAndGrads(overrides);
    await tf.setBackend('cpu');

    expect(wasm.leaked).toBe(0);
    expect(Math.abs(wasm.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-6);
    for (const [name, g] of Object.entries(cpu.grads)) {
      const scale = Math.max(...Array.from(g, Math.abs));
      const diff = Math.max(...Array.from(g, (v, i) => Math.abs(v - wasm.grads[name]![i]!)));
      expect(diff, name).toBeLessThanOrEqual(1e-5 * Math.max(scale, 1e-3));
    }
  });
});
