// The WASM backend's kernels: every matmul as plain, untransposed 2-D products forward and backward (matmul.ts), the
// one fast path of tfjs-backend-wasm (docs/design.md §3); everything else is the reference math.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernels } from '../kernels';
import { referenceKernels } from '../reference';
import { batchMatMulPlain, matMulPlain } from './matmul';

export const wasmKernels: Kernels = {
  ...referenceKernels,
  name: 'wasm',
  matMul: matMulPlain,
  matMulTransposeB: (a, b) => matMulPlain(a, tf.transpose(b)), // [M, K] @ [K, N]
  batchMatMul: (a, b, transposeB) => batchMatMulPlain(a, transposeB ? tf.transpose(b, [0, 2, 1]) : b), // [n, M, N]
};
