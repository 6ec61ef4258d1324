// The fused loss on webgpu (core/kernels/webgpu/fused-cross-entropy.ts) against the plain math (core/ops/loss.ts)
// on the cpu backend: loss, ce and zLoss, and the logits' gradient along each of the three outputs.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { crossEntropy as crossEntropyPlain, type LossParts } from '../../core/ops/loss';
import { fusedCrossEntropy } from '../../core/kernels/webgpu/fused-cross-entropy';

const [N, V] = [6, 10];
const TARGETS = [3, 0, 9, 9, 5, 1];
// Upstream weights of (loss, ce, zLoss): every path of the backward is exercised, not just d loss.
const WEIGHTS = [1, 0.5, -2];

type Loss = (logits: tf.Tensor2D, targets: tf.Tensor1D, coef: number) => LossParts;

/** The three parts and d(Σ w · parts)/d logits on `backend`. */
async function evaluate(backend: string, loss: Loss, logits: Float32Array, coef: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = tf.tensor2d(logits, [N, V]);
  const t = tf.tensor1d(TARGETS, 'int32');
  const parts = tf.tidy(() => {
    const p = loss(x, t, coef);
    return tf.stack([p.loss, p.ce, p.zLoss]);
  });
  const grad = tf.grad((l: tf.Tensor) =>
    tf.tidy(() => {
      const p = loss(l as tf.Tensor2D, t, coef);
      return tf.addN([tf.mul(p.loss, WEIGHTS[0]!), tf.mul(p.ce, WEIGHTS[1]!), tf.mul(p.zLoss, WEIGHTS[2]!)]);
    }),
  )(x);
  const out = [(await parts.data()) as Float32Array, (await grad.data()) as Float32Array];
  tf.dispose([x, t, parts, grad]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('fused cross-entropy + z-loss on webgpu matches the plain math on cpu', () => {
  it.each([
    ['moderate logits, z-loss 1e-4', 3, 0, 1e-4],
    ['large logits (stability), z-loss 0.1', 4, 60, 0.1],
    ['z-loss off', 2, -5, 0],
  ])('%s', async (_, scale, offset, coef) => {
    const logits = Float32Array.from({ length: N * V }, (_, i) => offset + scale * Math.sin(0.7 * i + 0.3));
    const [wantParts, wantGrad] = await evaluate('cpu', crossEntropyPlain, logits, coef);
    const [gotParts, gotGrad] = await evaluate('webgpu', fusedCrossEntropy, logits, coef);
    // float32 tolerances: values 1e-5 relative; gradients 1e-6 + 1e-5 of the largest |gradient| (p = exp(x - log Z)
    // inherits log Z's rounding, ~4e-6 at logits near 60, scaled by the z-loss term 2 coef log Z).
    gotParts!.forEach((v, i) => {
      const want = wantParts![i]!;
      expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
    });
    const gradScale = Math.max(...Array.from(wantGrad!, Math.abs));
    expect(gradScale).toBeGreaterThan(0);
    gotGrad!.forEach((v, i) => expect(Math.abs(v - wantGrad![i]!)).toBeLessThanOrEqual(1e-6 + 1e-5 * gradScale));
    if (coef === 0) expect(gotParts![2]).toBe(0);
    await tf.setBackend('webgpu');
  });
});
