// The WebGPU backend's kernels: the fused optimizer updates and Σ g² as WGSL programs (fused-*.ts), RoPE's half swap as
// one gather; kernel launches bound small steps there (docs/benchmarks.md). Matmuls are tfjs' own shaders.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernels } from '../kernels';
import { referenceKernels } from '../reference';
import { fusedAdafactorUpdate } from './fused-adafactor';
import { fusedAdamWUpdate } from './fused-adamw';
import { fusedSumSquares } from './fused-sum-squares';

export const webgpuKernels: Kernels = {
  ...referenceKernels,
  name: 'webgpu',
  swapHalves: (z, swap) => tf.gather(z, swap, z.rank - 1), // one launch instead of split + concat
  sumSquares: fusedSumSquares, // [1]
  adamwUpdate: fusedAdamWUpdate,
  adafactorUpdate: fusedAdafactorUpdate,
};
