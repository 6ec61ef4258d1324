// Attention (docs/palm.md §1 "attention"): causality, and MQA / GQA / MHA as one mechanism — MQA is MHA whose K/V heads
// are copies of one head, GQA with G = H is MHA, GQA with G = 1 is MQA, and GQA's head h reads K/V head floor(h / R).
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../core/config';
import { causalMask } from '../core/ops/attention';
import { disposeParams, forward, paramsFromTensors } from '../core/model';
import { maxAbsDiff, randomTensors, tinyModel, tokenArray, tokens } from './model-helpers';

type ModelInput = NonNullable<ConfigInput['model']>;
const B = 2;
const T = 8;

function logitsFor(overrides: ModelInput, tensors: Record<string, tf.Tensor>, x: tf.Tensor2D): tf.Tensor3D {
  const m = tinyModel(overrides);
  const params = paramsFromTensors(m, tensors);
  const logits = forward(params, m, x, { training: false });
  disposeParams(params);
  return logits;
}

describe('causality', () => {
  const variants: ModelInput[] = [
    {}, // PaLM: parallel, mqa, rope, swiglu
    { block: 'serial', attention: 'mha', position: 'learned', activation: 'gelu', bias: true, tieEmbeddings: false },
    { attention: 'gqa', kvHeads: 2, norm: 'rmsnorm', activation: 'relu' },
  ];
  it.each(variants)('changing tokens after t leaves logits ≤ t unchanged: %o', (overrides) => {
    const m = tinyModel(overrides);
    const tensors = randomTensors(m, 3);
    const base = tokenArray(B, T, m.vocabSize, 11);
    for (const t of [0, 3, T - 2]) {
      // Every token after position t replaced by a different one.
      const changed = base.map((row) => row.map((id, i) => (i > t ? (id + 1 + i) % m.vocabSize : id)));
      const a = logitsFor(overrides, tensors, tf.tensor2d(base, [B, T], 'int32'));
      const b = logitsFor(overrides, tensors, tf.tensor2d(changed, [B, T], 'int32'));
      const upTo = (x: tf.Tensor3D, from: number, size: number) => tf.slice(x, [0, from, 0], [B, size, m.vocabSize]);
      expect(maxAbsDiff(upTo(a, 0, t + 1), upTo(b, 0, t + 1))).toBeLessThan(1e-6);
      // ...while the later positions do see their new inputs (the test would pass vacuously otherwise).
      expect(maxAbsDiff(upTo(a, t + 1, T - t - 1), upTo(b, t + 1, T - t - 1))).toBeGreaterThan(1e-2);
      tf.dispose([a, b]);
    }
    tf.dispose(Object.values(tensors));
  });

  it('the mask lets query row (t, r) see keys 0 .. offset + t, with R query heads folded into the rows', () => {
    const visible = (mask: tf.Tensor2D) => {
      const rows = mask.arraySync().map((row) => row.map((v) => (v === 0 ? 1 : 0)));
      mask.dispose();
      return rows;
    };
    // 3 cached keys, 2 new queries (positions 3 and 4), R = 2 heads per K/V head
    expect(visible(causalMask(2, 5, 2))).toEqual([
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ]);
    expect(visible(causalMask(3, 3, 1))).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
  });
});

describe('MQA, GQA and MHA', () => {
  const H = 4;
  const Dh = 4;
  const x = tokens(B, T, 256, 5);
  afterAll(() => x.dispose());

  /** K/V kernels [D, G*Dh] or biases [G*Dh] -> the MHA layout where query head h gets a copy of K/V head floor(h / R). */
  function copyKvHeads(t: tf.Tensor, G: number): tf.Tensor {
    const R = H / G;
    const rows = t.rank === 2 ? t.shape[0] : 1;
    return tf.tidy(() =>
      tf.reshape(tf.tile(tf.reshape(t, [rows, G, 1, Dh]), [1, 1, R, 1]), t.rank === 2 ? [rows, H * Dh] : [H * Dh]),
    );
  }

  function asMha(tensors: Record<string, tf.Tensor>, G: number): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(tensors))
      out[name] = /\.attn\.(wk|wv|bk|bv)$/.test(name) ? copyKvHeads(t, G) : t.clone();
    return out;
  }

  const shared: ModelInput[] = [
    { bias: true },
    { block: 'serial', position: 'learned', bias: true, tieEmbeddings: false, activation: 'gelu' },
  ];

  it.each(shared)('MQA equals MHA whose K/V heads are copies of the one head (%o)', (overrides) => {
    const tensors = randomTensors(tinyModel({ ...overrides, attention: 'mqa' }), 7);
    const mha = asMha(tensors, 1);
    const a = logitsFor({ ...overrides, attention: 'mqa' }, tensors, x);
    const b = logitsFor({ ...overrides, attention: 'mha' }, mha, x);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    tf.dispose([a, b, ...Object.values(tensors), ...Object.values(mha)]);
  });

  it.each(shared)(
    'GQA with G = 2 equals MHA where heads 0,1 read K/V head 0 and heads 2,3 read K/V head 1 (%o)',
    (overrides) => {
      const tensors = randomTensors(tinyModel({ ...overrides, attention: 'gqa', kvHeads: 2 }), 8);
      const mha = asMha(tensors, 2);
      const a = logitsFor({ ...overrides, attention: 'gqa', kvHeads: 2 }, tensors, x);
      const b = logitsFor({ ...overrides, attention: 'mha' }, mha, x);
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
      // The copy order matters: pairing heads the other way round (h reads K/V head h mod G) gives other logits.
      const swapped = { ...mha };
      for (const name of Object.keys(mha).filter((n) => /\.attn\.(wk|wv|bk|bv)$/.test(n))) {
        const rows = mha[name]!.rank === 2 ? mha[name]!.shape[0] : 1;
        const perHead = tf.reshape(mha[name]!, [rows, H, Dh]);
        swapped[name] = tf.reshape(tf.gather(perHead, [0, 2, 1, 3], 1), mha[name]!.shape);
      }
      const c = logitsFor({ ...overrides, attention: 'mha' }, swapped, x);
      expect(maxAbsDiff(a, c)).toBeGreaterThan(1e-3);
      tf.dispose([a, b, c, ...Object.values(tensors), ...Object.values(mha), ...Object.values(swapped)]);
    },
  );

  it.each(shared)('GQA with G = H equals MHA, and GQA with G = 1 equals MQA (%o)', (overrides) => {
    const full = randomTensors(tinyModel({ ...overrides, attention: 'mha' }), 9);
    const a = logitsFor({ ...overrides, attention: 'gqa', kvHeads: H }, full, x);
    const b = logitsFor({ ...overrides, attention: 'mha' }, full, x);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    const single = randomTensors(tinyModel({ ...overrides, attention: 'mqa' }), 10);
    const c = logitsFor({ ...overrides, attention: 'gqa', kvHeads: 1 }, single, x);
    const d = logitsFor({ ...overrides, attention: 'mqa' }, single, x);
    expect(maxAbsDiff(c, d)).toBeLessThan(1e-6);
    tf.dispose([a, b, c, d, ...Object.values(full), ...Object.values(single)]);
  });
});
