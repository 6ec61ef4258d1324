// The reference kernels: the plain math of every operation in core/kernels/kernels.ts, in stock TensorFlow.js ops.
// They run on any backend (the cpu backend uses them as they are) and are what the fast paths are tested against.
import * as tf from '@tensorflow/tfjs-core';
import { attentionCoreClosedForm } from '../model/attention-core';
import { cachedAttentionPlain } from '../model/cached-attention';
import { crossEntropyPlain } from '../model/loss';
import { scaledNormClosedForm } from '../model/norm';
import { applyRope } from '../model/rope';
import { swigluClosedForm } from '../model/swiglu';
import { adafactorStep } from '../optim/adafactor-step';
import { adamwStep } from '../optim/adamw-step';
import type { Kernels } from './kernels';

/** cat(z2, z1) by split + concat: on cpu and wasm two copies beat a gather, which walks elements (~3x slower). */
export function swapBySplit(z: tf.Tensor): tf.Tensor {
  const axis = z.rank - 1;
  const [z1, z2] = tf.split(z, 2, axis) as [tf.Tensor, tf.Tensor];
  return tf.concat([z2, z1], axis);
}

/** g ⊙ scale, or g itself without a scale. */
const scaleGrad = (g: tf.Tensor, scale: tf.Tensor | null): tf.Tensor => (scale ? tf.mul(g, scale) : g);

export const referenceKernels: Kernels = {
  name: 'reference',
  matMul: (a, b) => tf.matMul(a, b), // [M, N]
  matMulTransposeB: (a, b) => tf.matMul(a, b, false, true), // [M, N]
  batchMatMul: (a, b, transposeB) => tf.matMul(a, b, false, transposeB), // [n, M, N]
  splitColumns: (x, sizes) => tf.split(x, sizes, 1), // [N, sizes[i]]
  swapHalves: (z) => swapBySplit(z),
  // Lambdas, not the functions themselves: core/model/loss.ts, norm.ts, rope.ts, swiglu.ts, attention-core.ts and cached-attention.ts import this module
  // back (the cycle resolves lazily).
  crossEntropy: (logits, targets, coef) => crossEntropyPlain(logits, targets, coef),
  scaledNorm: (x, g, eps, centred) => scaledNormClosedForm(x, g, eps, centred), // [N, D]
  swiglu: (gate, up) => swigluClosedForm(gate, up), // [N, F]
  cachedAttention: (args) => cachedAttentionPlain(args),
  causalAttention: (q, k, v, mask) => attentionCoreClosedForm(q, k, v, mask), // [n, Tq·R, Dh]
  ropeQK: (q, k, tables) => ({ q: applyRope(q, tables.q), k: applyRope(k, tables.k) }),
  sumSquares: (x) => tf.sum(tf.square(x)), // []
  adamwUpdate: (param, g, m, v, s, gradScale) => adamwStep(param, scaleGrad(g, gradScale), m, v, s),
  adafactorUpdate: (param, g, v, m, s, gradScale) => adafactorStep(param, scaleGrad(g, gradScale), v, m, s),
};
