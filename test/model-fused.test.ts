// The parallel block's fused projections (core/model/fused.ts, block.ts): forward and gradients equal the unfused
// math y = x + Attn(N(x)) + MLP(N(x)) written with separate projections; checkpoints keep the documented names, and a
// checkpoint written in the old (unfused, per-projection) layout loads unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../core/checkpoint';
import { parseConfig } from '../core/config';
import { disposeParams, documentedTensors, forward, modelParamSpecs, paramsFromTensors } from '../core/model';
import { paramsFromWeights, readTensors, readWeights } from '../core/train/weights';
import { blockGrads, maxDiff } from './fused-helpers';
import { maxAbsDiff, randomTensors, TINY, tinyModel, tokens } from './model-helpers';

const [B, T] = [2, 8];

describe('the fused parallel block', () => {
  it.each([
    ['PaLM: mqa, rope, swiglu, no bias', {}],
    ['gqa, learned, gelu, bias', { attention: 'gqa', kvHeads: 2, position: 'learned', activation: 'gelu', bias: true }],
    ['mha, rope, relu, bias, rmsnorm', { attention: 'mha', activation: 'relu', bias: true, norm: 'rmsnorm' }],
  ] as const)('equals the unfused math forward and backward: %s', async (_name, overrides) => {
    const m = tinyModel({ ...overrides, seqLen: T, nLayers: 1 });
    const tensors = randomTensors(m, 3);
    const fusedParams = paramsFromTensors(m, tensors);
    expect(Object.keys(fusedParams)).toEqual(modelParamSpecs(m).map((s) => s.name));
    expect(Object.keys(fusedParams).some((n) => n.endsWith('fused.w_in'))).toBe(true);
    disposeParams(fusedParams);

    const fused = await blockGrads(m, tensors, B, true);
    const unfused = await blockGrads(m, tensors, B, false);
    tf.dispose(Object.values(tensors));
    expect(Math.abs(fused.value - unfused.value)).toBeLessThan(1e-4 * Math.abs(unfused.value) + 1e-4);
    const blockNames = Object.keys(unfused.grads).sort();
    expect(blockNames.length).toBeGreaterThan(5);
    expect(Object.keys(fused.grads).sort()).toEqual(blockNames);
    for (const n of blockNames) expect(maxDiff(fused.grads[n]!, unfused.grads[n]!), n).toBeLessThan(1e-4);
    expect(fused.leaked).toBe(0);
    expect(unfused.leaked).toBe(0);
  });
});

describe('fused parameters and checkpoints', () => {
  it('a checkpoint keeps the documented names and round-trips; an old-layout checkpoint loads unchanged', async () => {
    const config = parseConfig({ model: { ...TINY, bias: true }, data: { tokenizer: 'byte' } });
    const m = config.model;
    const before = tf.memory().numTensors;
    // The old layout: one tensor per projection, exactly what a checkpoint written before the fusion holds.
    const old = randomTensors(m, 8);
    const oldBytes = encodeCheckpoint(config, await readTensors(old));
    const loaded = paramsFromWeights(m, decodeCheckpoint(oldBytes, { expectedConfig: config }).weights);
    const saved = await readWeights(m, loaded);
    expect(Object.keys(saved).sort()).toEqual(Object.keys(old).sort());
    for (const [n, t] of Object.entries(old)) expect(Array.from(saved[n]!.data), n).toEqual(Array.from(t.dataSync()));
    // Written again and read back: identical logits.
    const again = paramsFromWeights(
      m,
      decodeCheckpoint(encodeCheckpoint(config, saved), { expectedConfig: config }).weights,
    );
    const x = tokens(B, T, m.vocabSize, 4);
    const la = forward(loaded, m, x, { training: false });
    const lb = forward(again, m, x, { training: false });
    expect(Array.from(await lb.data())).toEqual(Array.from(await la.data()));
    tf.dispose([x, la, lb, ...Object.values(old)]);
    disposeParams(loaded);
    disposeParams(again);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('documentedTensors gives fresh tensors the caller owns (the variables survive their disposal)', () => {
    const m = tinyModel();
    const tensors = randomTensors(m, 2);
    const params = paramsFromTensors(m, tensors);
    const doc = documentedTensors(m, params);
    for (const [n, t] of Object.entries(tensors)) expect(maxAbsDiff(doc[n]!, t), n).toBe(0);
    tf.dispose([...Object.values(doc), ...Object.values(tensors)]);
    expect(params.embed!.isDisposed).toBe(false);
    disposeParams(params);
  });
});
