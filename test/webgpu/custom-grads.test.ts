// The hand-written gradients that cut kernel launches and memory (core/ops: rope.ts, norm.ts through the kernels,
// activations.ts, attention.ts, loss.ts) on webgpu against autodiff of the plain forms (test/plain-forms.ts) on the cpu
// backend: same inputs, same upstream gradient, values and gradients compared.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { norm } from '../../core/model/model';
import { attentionCore, causalMask } from '../../core/ops/attention';
import { swiglu } from '../../core/ops/activations';
import { logSumExpRows } from '../../core/ops/loss';
import { applyRope, ropeTables } from '../../core/ops/rope';
import { applyRopePlain, attentionCorePlain, scaledNormPlain, swigluPlain } from '../plain-forms';
import { tinyModel } from '../model-helpers';

const N = 12;
const D = 8;
const wave = (n: number, a: number, b: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(a * i + b) * (1 + 0.1 * (i % 5)));

type Fn = (xs: tf.Variable[]) => tf.Tensor;

/** f(xs) and d/dxs of Σ f(xs) ⊙ dy on `backend`, from fresh variables of the same arrays. */
async function evaluate(
  backend: string,
  f: Fn,
  inputs: { values: Float32Array; shape: number[] }[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const xs = inputs.map((x, i) => tf.variable(tf.tensor(x.values, x.shape), true, `in${i}`));
  const value = f(xs);
  const dy = tf.tensor(wave(value.size, 0.7, 0.2), value.shape);
  const { value: loss, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(xs), dy)), xs);
  const out = (await Promise.all([value, ...xs.map((x) => grads[x.name]!)].map((t) => t.data()))) as Float32Array[];
  tf.dispose([value, dy, loss, ...Object.values(grads), ...xs]);
  return out;
}

/** fast on webgpu, plain on cpu: the values and every gradient agree. */
async function compare(fast: Fn, plain: Fn, inputs: { values: Float32Array; shape: number[] }[]): Promise<void> {
  const expected = await evaluate('cpu', plain, inputs);
  const got = await evaluate('webgpu', fast, inputs);
  expect(got.length).toBe(inputs.length + 1);
  got.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 4)));
}

describe('hand-written gradients on webgpu match autodiff on cpu', () => {
  it('RoPE (signed sin table, swap gather) with the query scale folded in', async () => {
    const [T, H, Dh] = [4, 2, 8];
    const scale = 1 / Math.sqrt(Dh);
    const fast: Fn = ([x]) => tf.tidy(() => applyRope(x as unknown as tf.Tensor4D, ropeTables(T, Dh, 3, scale)));
    // The plain form: rotate-half by split/neg/concat with cat(sin, sin), then the attention scale.
    const plain: Fn = ([x]) =>
      tf.tidy(() => tf.mul(applyRopePlain(x as unknown as tf.Tensor4D, ropeTables(T, Dh, 3)), scale));
    await compare(fast, plain, [{ values: wave(2 * T * H * Dh, 0.37, 0.1), shape: [2, T, H, Dh] }]);
  });

  for (const kind of ['layernorm', 'rmsnorm'] as const) {
    it(kind, async () => {
      const m = tinyModel({ norm: kind });
      const fast: Fn = ([x, g]) => norm({ 'n.scale': g! }, 'n', m, x as unknown as tf.Tensor2D);
      const plain: Fn = ([x, g]) =>
        tf.tidy(() => scaledNormPlain(x as unknown as tf.Tensor2D, g as tf.Tensor, m.normEps, kind === 'layernorm'));
      await compare(fast, plain, [
        { values: wave(N * D, 0.9, 0.4), shape: [N, D] },
        { values: wave(D, 0.5, 1), shape: [D] },
      ]);
    });
  }

  it('SwiGLU', async () => {
    const fast: Fn = ([g, u]) => swiglu(g as unknown as tf.Tensor2D, u as unknown as tf.Tensor2D);
    const plain: Fn = ([g, u]) => tf.tidy(() => swigluPlain(g as unknown as tf.Tensor2D, u as unknown as tf.Tensor2D));
    const shape = [N, D];
    await compare(fast, plain, [
      { values: wave(N * D, 0.8, 0.3), shape },
      { values: wave(N * D, 0.45, 1.1), shape },
    ]);
  });

  it('the attention core softmax(q k^T + mask) v, MQA-shaped (4 query rows per position)', async () => {
    const [n, T, R, Dh] = [2, 4, 4, 8];
    const f =
      (core: typeof attentionCorePlain): Fn =>
      ([q, k, v]) =>
        tf.tidy(() => core(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, causalMask(T, T, R)));
    await compare(f(attentionCore), f(attentionCorePlain), [
      { values: wave(n * T * R * Dh, 0.31, 0.2), shape: [n, T * R, Dh] },
      { values: wave(n * T * Dh, 0.53, 0.7), shape: [n, T, Dh] },
      { values: wave(n * T * Dh, 0.77, 1.3), shape: [n, T, Dh] },
    ]);
  });

  it('log Z of the logits rows', async () => {
    const fast: Fn = ([x]) => logSumExpRows(x as unknown as tf.Tensor2D);
    const plain: Fn = ([x]) => tf.logSumExp(x!, 1);
    await compare(fast, plain, [{ values: wave(N * D, 2.1, 0.4), shape: [N, D] }]);
  });
});
