// The reference kernels: the plain math of every operation in core/kernels/kernels.ts, in stock TensorFlow.js ops.
// They run on any backend (the cpu backend uses them as they are) and are what the fast paths are tested against.
import * as tf from '@tensorflow/tfjs-core';
import { adafactorStep } from '../optim/adafactor-step';
import { adamwStep } from '../optim/adamw-step';
import type { Kernels } from './kernels';

/** cat(z2, z1) by split + concat: on cpu and wasm two copies beat a gather, which walks elements (~3x slower). */
export function swapBySplit(z: tf.Tensor): tf.Tensor {
  const axis = z.rank - 1;
  const [z1, z2] = tf.split(z, 2, axis) as [tf.Tensor, tf.Tensor];
  return tf.concat([z2, z1], axis);
}

export const referenceKernels: Kernels = {
  name: 'reference',
  matMul: (a, b) => tf.matMul(a, b), // [M, N]
  matMulTransposeB: (a, b) => tf.matMul(a, b, false, true), // [M, N]
  batchMatMul: (a, b, transposeB) => tf.matMul(a, b, false, transposeB), // [n, M, N]
  splitColumns: (x, sizes) => tf.split(x, sizes, 1), // [N, sizes[i]]
  swapHalves: (z) => swapBySplit(z),
  sumSquares: (x) => tf.sum(tf.square(x)), // []
  adamwUpdate: adamwStep,
  adafactorUpdate: adafactorStep,
};
