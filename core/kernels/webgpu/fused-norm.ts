// LayerNorm / RMSNorm's scaled normalisation (core/ops/norm.ts, its closed-form gradient) as two webgpu kernels:
// 'PalmScaledNorm' (row statistics, then y; 2 programs) and 'PalmScaledNormGrad' (dx per row, dg per column; 2
// programs), instead of ~8 stock kernels forward and ~10 backward per norm.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from '../../ops/custom-op';
import { ElementwiseProgram, ensureKernel, i32Uniforms, RowProgram, type WebGPUBackendLike } from './fused-program';

export const SCALED_NORM = 'PalmScaledNorm';
export const SCALED_NORM_GRAD = 'PalmScaledNormGrad';

// stats [N, 2] = (mean, r) per row with r = rsqrt(mean(c²) + eps), c = x - mean (LayerNorm) or x (RMSNorm: mean 0).
const stats = (centred: boolean) => `
  let base = index * uniforms.D;
  let Df = f32(uniforms.D);
  var mean = 0.0;
  ${centred ? 'for (var d = 0; d < uniforms.D; d = d + 1) { mean = mean + x[base + d]; }\n  mean = mean / Df;' : ''}
  var ss = 0.0;
  for (var d = 0; d < uniforms.D; d = d + 1) { let c = x[base + d] - mean; ss = ss + c * c; }
  result[2 * index] = mean;
  result[2 * index + 1] = inverseSqrt(ss / Df + uniforms.eps);`;

// y = xhat ⊙ g, xhat = (x - mean) r.
const Y = `
  let n = index / uniforms.D;
  let d = index - n * uniforms.D;
  result[index] = (x[index] - stats[2 * n]) * stats[2 * n + 1] * g[d];`;

// dx = r (dxhat - mean(dxhat) - xhat mean(dxhat ⊙ xhat)), dxhat = dy ⊙ g; RMSNorm lacks the mean(dxhat) term.
const dx = (centred: boolean) => `
  let base = index * uniforms.D;
  let Df = f32(uniforms.D);
  let mean = stats[2 * index];
  let r = stats[2 * index + 1];
  var sumDh = 0.0;
  var sumDhX = 0.0;
  for (var d = 0; d < uniforms.D; d = d + 1) {
    let dh = dy[base + d] * g[d];
    sumDh = sumDh + dh;
    sumDhX = sumDhX + dh * (x[base + d] - mean) * r;
  }
  let mDh = ${centred ? 'sumDh / Df' : '0.0'};
  let mDhX = sumDhX / Df;
  for (var d = 0; d < uniforms.D; d = d + 1) {
    let xh = (x[base + d] - mean) * r;
    result[base + d] = r * (dy[base + d] * g[d] - mDh - xh * mDhX);
  }`;

// dg[d] = Σ_n dy[n, d] xhat[n, d]: one thread per column.
const DG = `
  var acc = 0.0;
  for (var n = 0; n < uniforms.N; n = n + 1) {
    let i = n * uniforms.rows + index;
    acc = acc + dy[i] * (x[i] - stats[2 * n]) * stats[2 * n + 1];
  }
  result[index] = acc;`;

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

function normKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { x, g } = inputs as Record<'x' | 'g', tf.TensorInfo>;
  const [N, D] = x.shape as [number, number];
  const { eps, centred } = attrs as { eps: number; centred: boolean };
  const statsProgram = new RowProgram(
    `palm_norm_stats_${centred ? 'ln' : 'rms'}`,
    [N, 2],
    N,
    ['x'],
    'rows : i32, D : i32, eps : f32,',
    stats(centred),
  );
  const rowStats = gpu.runWebGPUProgram(statsProgram, [x], 'float32', [
    ...i32Uniforms([N, D]),
    { type: 'float32', data: [eps] },
  ]);
  const yProgram = new ElementwiseProgram('palm_norm_y', [N, D], ['x', 'stats', 'g'], 'D : i32,', Y);
  const y = gpu.runWebGPUProgram(yProgram, [x, rowStats, g], 'float32', i32Uniforms([D]));
  return [y, rowStats];
}

function normGradKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { x, g, stats: rowStats, dy } = inputs as Record<'x' | 'g' | 'stats' | 'dy', tf.TensorInfo>;
  const [N, D] = x.shape as [number, number];
  const { centred } = attrs as { centred: boolean };
  const dxProgram = new RowProgram(
    `palm_norm_dx_${centred ? 'ln' : 'rms'}`,
    [N, D],
    N,
    ['x', 'stats', 'g', 'dy'],
    'rows : i32, D : i32,',
    dx(centred),
  );
  const dxOut = gpu.runWebGPUProgram(dxProgram, [x, rowStats, g, dy], 'float32', i32Uniforms([N, D]));
  const dgProgram = new RowProgram('palm_norm_dg', [D], D, ['x', 'stats', 'dy'], 'rows : i32, N : i32,', DG);
  const dgOut = gpu.runWebGPUProgram(dgProgram, [x, rowStats, dy], 'float32', i32Uniforms([D, N]));
  return [dxOut, dgOut];
}

/** xhat(x [N, D]) ⊙ g [D] with LayerNorm's centring or without (RMSNorm), and its gradient to x and g. Webgpu only. */
export function fusedScaledNorm(x: tf.Tensor2D, g: tf.Tensor, eps: number, centred: boolean): tf.Tensor2D {
  ensureKernel(SCALED_NORM, normKernel as unknown as tf.KernelFunc);
  ensureKernel(SCALED_NORM_GRAD, normGradKernel as unknown as tf.KernelFunc);
  const attrs = { eps, centred };
  return customOp<[tf.Tensor2D, tf.Tensor], tf.Tensor2D>((t, scale, save) => {
    const [y, rowStats] = tf.engine().runKernel(SCALED_NORM, { x: t, g: scale }, attrs) as tf.Tensor[];
    save([t, scale, rowStats!]);
    return {
      value: y!, // [N, D]
      gradFunc: (dy, [sx, sg, ss]) =>
        tf.engine().runKernel(SCALED_NORM_GRAD, { x: sx!, g: sg!, stats: ss!, dy }, { centred }) as tf.Tensor[], // [N, D], [D]
    };
  })(x, g);
}
