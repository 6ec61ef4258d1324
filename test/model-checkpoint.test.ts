// The model meets the calculator and the checkpoint format (docs/design.md §2): the analytic parameter count equals the
// weights createParams really makes, for every ablation; a safetensors round trip gives identical logits.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../core/checkpoint';
import { parseConfig } from '../core/config';
import { countParams } from '../core/metrics';
import { createParams, disposeParams, forward } from '../core/model';
import { paramsFromWeights, readWeights } from '../core/train/weights';
import { TINY, tokens } from './model-helpers';

const BLOCKS = ['parallel', 'serial'] as const;
const ATTENTIONS = [{ attention: 'mqa' }, { attention: 'mha' }, { attention: 'gqa', kvHeads: 2 }] as const;
const POSITIONS = ['rope', 'learned'] as const;
const ACTIVATIONS = ['swiglu', 'gelu', 'relu'] as const;
const NORMS = ['layernorm', 'rmsnorm'] as const;

const combos = BLOCKS.flatMap((block) =>
  ATTENTIONS.flatMap((att) =>
    POSITIONS.flatMap((position) =>
      ACTIVATIONS.flatMap((activation) =>
        NORMS.flatMap((norm) =>
          [false, true].flatMap((bias) =>
            [false, true].map((tieEmbeddings) => ({ block, ...att, position, activation, norm, bias, tieEmbeddings })),
          ),
        ),
      ),
    ),
  ),
);

describe('the calculator counts the weights the model creates', () => {
  test(`for all ${combos.length} combinations of the switches (and a parameter-matched SwiGLU)`, () => {
    const all = [...combos, { activation: 'swiglu', swigluParamMatched: true } as const];
    for (const overrides of all) {
      const config = parseConfig({ model: { ...TINY, maxPositions: 12, ...overrides } });
      const params = createParams(config.model, 1);
      const created = Object.values(params).reduce((n, v) => n + v.size, 0);
      disposeParams(params);
      expect(created, JSON.stringify(overrides)).toBe(countParams(config.model).total);
    }
  });
});

describe('checkpoint round trip', () => {
  test.each([
    { block: 'parallel', attention: 'mqa', position: 'rope', activation: 'swiglu', tieEmbeddings: true },
    { block: 'serial', attention: 'mha', position: 'learned', activation: 'gelu', bias: true, tieEmbeddings: false },
  ] as const)('identical logits after write and read: %o', async (overrides) => {
    const before = tf.memory().numTensors;
    const config = parseConfig({ model: { ...TINY, ...overrides } });
    const params = createParams(config.model, 7);
    const bytes = encodeCheckpoint(config, await readWeights(config.model, params));
    const loaded = paramsFromWeights(config.model, decodeCheckpoint(bytes, { expectedConfig: config }).weights);
    const x = tokens(2, TINY.seqLen, TINY.vocabSize, 3);
    const a = forward(params, config.model, x, { training: false });
    const b = forward(loaded, config.model, x, { training: false });
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    disposeParams(params);
    disposeParams(loaded);
    expect(tf.memory().numTensors).toBe(before);
  });
});
