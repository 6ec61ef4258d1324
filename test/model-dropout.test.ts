// Dropout (docs/palm.md §1: PaLM uses none): inactive when not training and when p = 0; active, reproducible with a
// seed, and different between seeds when training with p > 0.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeParams, forward, paramsFromTensors } from '../core/model';
import { maxAbsDiff, randomTensors, tinyModel, tokens } from './model-helpers';

describe('dropout', () => {
  const off = tinyModel({ dropout: 0 });
  const on = tinyModel({ dropout: 0.3 });
  const tensors = randomTensors(off, 2); // dropout adds no parameters: the same tensors fit both
  const pOff = paramsFromTensors(off, tensors);
  const pOn = paramsFromTensors(on, tensors);
  const x = tokens(2, 8, 256, 3);
  const reference = forward(pOff, off, x, { training: false });
  afterAll(() => {
    tf.dispose([x, reference, ...Object.values(tensors)]);
    disposeParams(pOff);
    disposeParams(pOn);
  });

  it('is the identity with training = false, whatever p', () => {
    const y = forward(pOn, on, x, { training: false });
    expect(maxAbsDiff(y, reference)).toBe(0);
    y.dispose();
  });

  it('is the identity with p = 0, even when training', () => {
    const y = forward(pOff, off, x, { training: true, dropoutSeed: 1 });
    expect(maxAbsDiff(y, reference)).toBe(0);
    y.dispose();
  });

  it('changes the logits when training with p > 0; the same seed gives the same masks, another seed other masks', () => {
    const a = forward(pOn, on, x, { training: true, dropoutSeed: 1 });
    const b = forward(pOn, on, x, { training: true, dropoutSeed: 1 });
    const c = forward(pOn, on, x, { training: true, dropoutSeed: 2 });
    expect(maxAbsDiff(a, reference)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(0.1);
    tf.dispose([a, b, c]);
  });
});
