// RoPE on a layer's queries and keys together (core/ops/rope.ts: y = cos ⊙ x + sin± ⊙ swap(x)) as one webgpu
// kernel, 'PalmRopeQK' (two dispatches), with a registered gradient of one 'PalmRopeGrad' each (dx = cos ⊙ dy +
// swap(sin± ⊙ dy)): 1 + 2 kernels instead of 2 × 4 stock kernels forward and 2 × 4 backward.
import * as tf from '@tensorflow/tfjs-core';
import type { RopeQK } from '../../ops/rope';
import { ElementwiseProgram, ensureKernel, i32Uniforms, type WebGPUBackendLike } from './fused-program';

export const ROPE_QK = 'PalmRopeQK';
export const ROPE_GRAD = 'PalmRopeGrad';

// x [B, T, heads, Dh] flat; the tables [T, 1, Dh]. Column i's partner is swap(i) = (i + Dh/2) mod Dh.
const POSITION = `
  let i = index % uniforms.Dh;
  let t = (index / (uniforms.Dh * uniforms.heads)) % uniforms.T;
  let half = uniforms.Dh / 2;
  let j = select(i - half, i + half, i < half);
  let partner = index - i + j;`;

const FORWARD = `${POSITION}
  result[index] = x[index] * cos[t * uniforms.Dh + i] + x[partner] * sin[t * uniforms.Dh + i];`;

// swap is its own transpose: dx[i] = dy[i] cos[i] + (sin ⊙ dy)[swap(i)].
const BACKWARD = `${POSITION}
  result[index] = x[index] * cos[t * uniforms.Dh + i] + x[partner] * sin[t * uniforms.Dh + j];`;

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
}

/** One program over x [B, T, heads, Dh] with its tables; `body` is FORWARD or BACKWARD (x is dy for the latter). */
function rotate(
  gpu: WebGPUBackendLike,
  key: string,
  body: string,
  x: tf.TensorInfo,
  cos: tf.TensorInfo,
  sin: tf.TensorInfo,
) {
  const [, T, heads, Dh] = x.shape as [number, number, number, number];
  const program = new ElementwiseProgram(key, x.shape, ['x', 'cos', 'sin'], 'T : i32, heads : i32, Dh : i32,', body);
  return gpu.runWebGPUProgram(program, [x, cos, sin], 'float32', i32Uniforms([T, heads, Dh]));
}

function ropeQKKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { q, k, cosQ, sinQ, cosK, sinK } = inputs as Record<string, tf.TensorInfo>;
  return [rotate(gpu, 'palm_rope', FORWARD, q!, cosQ!, sinQ!), rotate(gpu, 'palm_rope', FORWARD, k!, cosK!, sinK!)];
}

function ropeGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, cos, sin } = inputs as Record<string, tf.TensorInfo>;
  return rotate(backend as WebGPUBackendLike, 'palm_rope_grad', BACKWARD, dy!, cos!, sin!);
}

function register(): void {
  ensureKernel(ROPE_QK, ropeQKKernel as unknown as tf.KernelFunc);
  ensureKernel(ROPE_GRAD, ropeGradKernel as unknown as tf.KernelFunc);
  if (tf.getGradient(ROPE_QK) !== undefined) return;
  tf.registerGradient({
    kernelName: ROPE_QK,
    inputsToSave: ['cosQ', 'sinQ', 'cosK', 'sinK'],
    // One kernel per input: tfjs runs each input's gradient in a tidy of its own, so one kernel making both would
    // have the second freed by the first's tidy. An output off the path to the loss has no gradient (null): zero.
    gradFunc: (dy, saved, attrs) => {
      const [cosQ, sinQ, cosK, sinK] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const [dq, dk] = dy as [tf.Tensor | null, tf.Tensor | null];
      const { qShape, kShape } = attrs as unknown as { qShape: number[]; kShape: number[] };
      const back = (d: tf.Tensor | null, shape: number[], cos: tf.Tensor, sin: tf.Tensor) =>
        d === null ? tf.zeros(shape) : (tf.engine().runKernel(ROPE_GRAD, { dy: d, cos, sin }) as tf.Tensor);
      return { q: () => back(dq, qShape, cosQ, sinQ), k: () => back(dk, kShape, cosK, sinK) };
    },
  });
}

/** q [B, T, H, Dh] and k [B, T, G, Dh] rotated by their tables (the query's carries 1/sqrt(Dh)). Webgpu only. */
export function fusedRopeQK(q: tf.Tensor4D, k: tf.Tensor4D, tables: RopeQK): { q: tf.Tensor4D; k: tf.Tensor4D } {
  if (q.shape[1] !== tables.q.cos.shape[0] || k.shape[1] !== tables.k.cos.shape[0]) {
    throw new Error(
      `ropeQK: ${q.shape[1]} positions, but tables of ${tables.q.cos.shape[0]} and ${tables.k.cos.shape[0]}`,
    );
  }
  register();
  const inputs = { q, k, cosQ: tables.q.cos, sinQ: tables.q.sin, cosK: tables.k.cos, sinK: tables.k.sin };
  const attrs = { qShape: q.shape, kShape: k.shape };
  const [rq, rk] = tf.engine().runKernel(ROPE_QK, inputs, attrs) as [tf.Tensor4D, tf.Tensor4D];
  return { q: rq, k: rk };
}
