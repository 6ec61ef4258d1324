// Every architecture switch of docs/palm.md §1 together: block × attention × position × activation × bias × tied
// (2·3·2·3·2·2 = 144 models), each with the right parameters, logits [B, T, V], a finite loss and finite gradients.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, ATTENTIONS, BLOCKS, POSITIONS } from '../core/config';
import { computeLoss, createParams, disposeParams, forward, paramSpecs } from '../core/model';
import { allFinite, tinyModel, tokens } from './model-helpers';

const B = 2;
const T = 8;

const combos = BLOCKS.flatMap((block) =>
  ATTENTIONS.flatMap((attention) =>
    POSITIONS.flatMap((position) =>
      ACTIVATIONS.flatMap((activation) =>
        [false, true].flatMap((bias) =>
          [false, true].map((tieEmbeddings) => ({ block, attention, position, activation, bias, tieEmbeddings })),
        ),
      ),
    ),
  ),
);

describe('every combination of the switches', () => {
  it('covers 144 combinations', () => expect(combos).toHaveLength(144));

  it.each(combos.map((c, i) => ({ ...c, i, name: Object.values(c).join(' ') })))('$name', (c) => {
    // The norm alternates so both kinds meet every other switch value; gqa uses 2 K/V heads of the 4.
    const m = tinyModel({
      block: c.block,
      attention: c.attention,
      kvHeads: c.attention === 'gqa' ? 2 : undefined,
      position: c.position,
      activation: c.activation,
      bias: c.bias,
      tieEmbeddings: c.tieEmbeddings,
      norm: c.i % 3 === 0 ? 'rmsnorm' : 'layernorm',
    });
    const params = createParams(m, c.i);
    const inputs = tokens(B, T, m.vocabSize, c.i + 1);
    const targets = tokens(B, T, m.vocabSize, c.i + 2);
    const before = tf.memory().numTensors;

    for (const spec of paramSpecs(m)) expect(params[spec.name]!.shape, spec.name).toEqual(spec.shape);
    expect(Object.keys(params)).toHaveLength(paramSpecs(m).length);

    const logits = forward(params, m, inputs, { training: false });
    expect(logits.shape).toEqual([B, T, m.vocabSize]);
    expect(logits.dtype).toBe('float32');
    expect(allFinite(logits)).toBe(true);
    logits.dispose();

    const { value, grads } = tf.variableGrads(
      () => computeLoss(params, m, inputs, targets, { training: false, zLossCoef: 1e-4 }).loss,
    );
    const loss = value.dataSync()[0];
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(4);
    expect(loss).toBeLessThan(8);
    expect(Object.keys(grads).sort()).toEqual(
      Object.values(params)
        .map((v) => v.name)
        .sort(),
    );
    for (const [name, g] of Object.entries(grads)) {
      expect(allFinite(g), name).toBe(true);
    }
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([inputs, targets]);
    disposeParams(params);
  });
});
