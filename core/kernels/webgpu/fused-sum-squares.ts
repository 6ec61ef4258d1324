// Σ x² of one tensor as one webgpu kernel, 'PalmSumSquares', for global-norm clipping (docs/palm.md §4): one workgroup
// reduction instead of the stock Square + Sum pair (two launches and a temporary of x's size).
import * as tf from '@tensorflow/tfjs-core';
import { ensureKernel, SumProgram, type WebGPUBackendLike } from './fused-program';

export const SUM_SQUARES = 'PalmSumSquares';

function sumSquaresKernel({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  const program = new SumProgram(
    'palm_sum_squares',
    1,
    ['x'],
    'n : i32,',
    'let xi = x[i];\n  acc0 = acc0 + xi * xi; // Σ x²',
  );
  return (backend as WebGPUBackendLike).runWebGPUProgram(program, [x], 'float32', [
    { type: 'int32', data: [tf.util.sizeFromShape(x.shape)] },
  ]);
}

/** Σ x² as a [1] tensor. Webgpu only. */
export function fusedSumSquares(x: tf.Tensor): tf.Tensor1D {
  ensureKernel(SUM_SQUARES, sumSquaresKernel as unknown as tf.KernelFunc);
  return tf.engine().runKernel(SUM_SQUARES, { x }) as tf.Tensor1D;
}
