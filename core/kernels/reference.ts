// The reference kernels: core/ops' closed forms of every operation in core/kernels/kernels.ts, in stock TensorFlow.js
// ops. They run on any backend (the cpu backend uses them as they are) and are what the fast paths are tested against.
import * as tf from '@tensorflow/tfjs-core';
import {
  adafactorStep,
  adamwStep,
  applyRope,
  attentionCore,
  cachedAttention,
  crossEntropy,
  scaledNorm,
  swiglu,
} from '../ops';
import type { Kernels } from './kernels';

/** g ⊙ scale, or g itself without a scale. */
const scaleGrad = (g: tf.Tensor, scale: tf.Tensor | null): tf.Tensor => (scale ? tf.mul(g, scale) : g);

export const referenceKernels: Kernels = {
  name: 'reference',
  matMul: (a, b) => tf.matMul(a, b), // [M, N]
  matMulTransposeB: (a, b) => tf.matMul(a, b, false, true), // [M, N]
  batchMatMul: (a, b, transposeB) => tf.matMul(a, b, false, transposeB), // [n, M, N]
  splitColumns: (x, sizes) => tf.split(x, sizes, 1), // [N, sizes[i]]
  crossEntropy,
  scaledNorm, // [N, D]
  swiglu, // [N, F]
  cachedAttention: (args) => cachedAttention(args),
  // -> [n, Tq·R, Dh]; the mask [Tq·R, Tk] is built from { R, offset } (its values cached), freed once the scores hold it.
  causalAttention: (q, k, v, { R, offset, onScores }) => attentionCore(q, k, v, { R, offset }, { onScores }),
  ropeQK: (q, k, tables) => ({ q: applyRope(q, tables.q), k: applyRope(k, tables.k) }),
  sumSquares: (x) => tf.sum(tf.square(x)), // []
  adamwUpdate: (param, g, m, v, s, gradScale) => adamwStep(param, scaleGrad(g, gradScale), m, v, s),
  adafactorUpdate: (param, g, v, m, s, gradScale) => adafactorStep(param, scaleGrad(g, gradScale), v, m, s),
};
