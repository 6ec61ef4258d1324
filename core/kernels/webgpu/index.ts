// The WebGPU backend's kernels as WGSL programs (fused-*.ts): the loss, training's causal attention (flash-style: no
// probabilities in memory), decoding's attention over the KV cache, the norms, RoPE, SwiGLU, the optimizer updates
// and Σ g². Kernel launches bound small steps there (docs/benchmarks.md). Matmuls
// are tfjs' own shaders.
import type { Kernels } from '../kernels';
import { referenceKernels } from '../reference';
import { fusedAdafactorUpdate } from './fused-adafactor';
import { fusedAdamWUpdate } from './fused-adamw';
import { fusedCausalAttention } from './fused-attention';
import { fusedCachedAttention } from './fused-cached-attention';
import { fusedCrossEntropy } from './fused-cross-entropy';
import { fusedScaledNorm } from './fused-norm';
import { fusedRopeQK } from './fused-rope';
import { fusedSwiglu } from './fused-swiglu';
import { fusedSumSquares } from './fused-sum-squares';

export const webgpuKernels: Kernels = {
  ...referenceKernels,
  name: 'webgpu',
  cachedAttention: fusedCachedAttention, // cache writes + attention over it: 1 kernel (3 programs)
  // The attention core: 1 kernel (1 program) forward, 1 kernel (4 programs) backward, instead of 3 and 7.
  // With onScores (diagnostics), the reference: the fused kernel never makes the scores.
  causalAttention: (q, k, v, opts) =>
    opts.onScores
      ? referenceKernels.causalAttention(q, k, v, opts)
      : fusedCausalAttention(q, k, v, opts.R, opts.offset),
  crossEntropy: fusedCrossEntropy, // loss, ce, zLoss: 2 kernels forward, 1 backward
  ropeQK: fusedRopeQK, // 1 kernel forward, 1 per tensor backward
  scaledNorm: fusedScaledNorm, // [N, D]: 1 kernel each way
  swiglu: fusedSwiglu, // [N, F]: 1 kernel each way
  sumSquares: fusedSumSquares, // [1]
  adamwUpdate: fusedAdamWUpdate,
  adafactorUpdate: fusedAdafactorUpdate,
};
