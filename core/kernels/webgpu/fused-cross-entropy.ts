// The training loss (core/ops/loss.ts: mean sparse cross-entropy + z-loss coef · mean(log Z²)) as two webgpu
// kernels: 'PalmCrossEntropy' (per-row log Z and ce, one thread per row; then one workgroup's means) and
// 'PalmCrossEntropyGrad' (d logits in one elementwise program), instead of ~15 stock kernels forward and ~20 backward.
import * as tf from '@tensorflow/tfjs-core';
import type { LossParts } from '../../ops/loss';
import { customOp } from '../../ops/custom-op';
import { ElementwiseProgram, ensureKernel, RowProgram, SumProgram, type WebGPUBackendLike } from './fused-program';

export const CROSS_ENTROPY = 'PalmCrossEntropy';
export const CROSS_ENTROPY_GRAD = 'PalmCrossEntropyGrad';

// Row n of `rows` [N, 2] holds (log Z_n, ce_n); log Z = max + log Σ exp(x - max), stable for any logits.
const ROW_STATS = `
  let base = index * uniforms.V;
  var mx = logits[base];
  for (var v = 1; v < uniforms.V; v = v + 1) { mx = max(mx, logits[base + v]); }
  var s = 0.0;
  for (var v = 0; v < uniforms.V; v = v + 1) { s = s + exp(logits[base + v] - mx); }
  let logZ = mx + log(s);
  result[2 * index] = logZ;
  result[2 * index + 1] = logZ - logits[base + targets[index]];  // ce_n = log Z_n - x[n, t_n]`;

// (loss, ce, zLoss) from Σ ce_n and Σ log Z_n².
const MEANS = {
  size: 3,
  code: `
  let ce = partial[0][0] * uniforms.invN;
  let z = uniforms.coef * partial[1][0] * uniforms.invN;
  result[0] = ce + z;
  result[1] = ce;
  result[2] = z;`,
};

// d/dx[n, v] with p = softmax: d ce / dx = (p - 1[v = t_n]) / N; d zLoss / dx = coef · 2 log Z_n · p / N.
// dy = (d loss, d ce, d zLoss) upstream: loss = ce + zLoss, so d loss reaches both terms.
const GRAD = `
  let n = index / uniforms.V;
  let v = index - n * uniforms.V;
  let logZ = rows[2 * n];
  let p = exp(logits[index] - logZ);
  let onehot = select(0.0, 1.0, targets[n] == v);
  let dCe = (dy[0] + dy[1]) * uniforms.invN;
  let dZ = (dy[0] + dy[2]) * uniforms.invN * uniforms.twoCoef * logZ;
  result[index] = dCe * (p - onehot) + dZ * p;`;

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

function crossEntropyKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { logits, targets } = inputs as Record<'logits' | 'targets', tf.TensorInfo>;
  const [N, V] = logits.shape as [number, number];
  const coef = (attrs as { zLossCoef: number }).zLossCoef;
  const rowProgram = new RowProgram(
    'palm_ce_rows',
    [N, 2],
    N,
    ['logits', 'targets'],
    'rows : i32, V : i32,',
    ROW_STATS,
  );
  const rows = gpu.runWebGPUProgram(rowProgram, [logits, targets], 'float32', [
    { type: 'int32', data: [N] },
    { type: 'int32', data: [V] },
  ]);
  const sumProgram = new SumProgram(
    'palm_ce_means',
    2,
    ['rows'],
    'n : i32, invN : f32, coef : f32,',
    'acc0 = acc0 + rows[2 * i + 1];\n  let lz = rows[2 * i];\n  acc1 = acc1 + lz * lz;',
    MEANS,
  );
  const parts = gpu.runWebGPUProgram(sumProgram, [rows], 'float32', [
    { type: 'int32', data: [N] },
    { type: 'float32', data: [1 / N] },
    { type: 'float32', data: [coef] },
  ]);
  return [parts, rows];
}

function crossEntropyGradKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const gpu = backend as WebGPUBackendLike;
  const { logits, targets, rows, dy } = inputs as Record<'logits' | 'targets' | 'rows' | 'dy', tf.TensorInfo>;
  const [N, V] = logits.shape as [number, number];
  const coef = (attrs as { zLossCoef: number }).zLossCoef;
  const program = new ElementwiseProgram(
    'palm_ce_grad',
    [N, V],
    ['logits', 'targets', 'rows', 'dy'],
    'V : i32, invN : f32, twoCoef : f32,',
    GRAD,
  );
  return gpu.runWebGPUProgram(program, [logits, targets, rows, dy], 'float32', [
    { type: 'int32', data: [V] },
    { type: 'float32', data: [1 / N] },
    { type: 'float32', data: [2 * coef] },
  ]);
}

/** The loss parts of logits [N, V] at targets [N] int32 with their gradient to the logits. Webgpu only. */
export function fusedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, zLossCoef: number): LossParts {
  if (targets.dtype !== 'int32') throw new Error(`crossEntropy: targets must be int32 (got ${targets.dtype})`);
  ensureKernel(CROSS_ENTROPY, crossEntropyKernel as unknown as tf.KernelFunc);
  ensureKernel(CROSS_ENTROPY_GRAD, crossEntropyGradKernel as unknown as tf.KernelFunc);
  const attrs = { zLossCoef };
  const parts = customOp<[tf.Tensor2D], tf.Tensor1D>((x, save) => {
    const [value, rows] = tf.engine().runKernel(CROSS_ENTROPY, { logits: x, targets }, attrs) as tf.Tensor[];
    save([x, targets, rows!]);
    return {
      value: value!, // [3]: loss, ce, zLoss
      gradFunc: (dy, [sx, st, sr]) =>
        tf.engine().runKernel(CROSS_ENTROPY_GRAD, { logits: sx!, targets: st!, rows: sr!, dy }, attrs) as tf.Tensor, // [N, V]
    };
  })(logits);
  const [loss, ce, zLoss] = tf.unstack(parts) as [tf.Scalar, tf.Scalar, tf.Scalar];
  return { loss, ce, zLoss };
}
