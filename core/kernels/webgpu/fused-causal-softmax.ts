// Attention's softmax(scores + causal mask) (core/model/attention.ts) as two webgpu kernels, 'PalmCausalSoftmax' and
// 'PalmCausalSoftmaxGrad', one thread per query row each; the mask is computed from positions, never read.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from '../../model/custom-grad';
import { ensureKernel, i32Uniforms, RowProgram, type WebGPUBackendLike } from './fused-program';

export const CAUSAL_SOFTMAX = 'PalmCausalSoftmax';
export const CAUSAL_SOFTMAX_GRAD = 'PalmCausalSoftmaxGrad';

// Row r of a [Tq·R, Tk] slab is query (t, ·) with t = r / R at absolute position offset + t (causalMask's layout):
// keys 0 .. offset + t are visible; the rest get probability exactly 0 (causalMask's -1e9 underflows to 0 too).
const VISIBLE = `
  let row = index % uniforms.rowsPerSlab;
  let visible = uniforms.offset + row / uniforms.R + 1;  // keys 0 .. visible - 1
  let base = index * uniforms.Tk;`;

const FORWARD = `${VISIBLE}
  var mx = scores[base];
  for (var k = 1; k < visible; k = k + 1) { mx = max(mx, scores[base + k]); }
  var s = 0.0;
  for (var k = 0; k < visible; k = k + 1) { s = s + exp(scores[base + k] - mx); }
  let inv = 1.0 / s;
  for (var k = 0; k < uniforms.Tk; k = k + 1) {
    result[base + k] = select(0.0, exp(scores[base + k] - mx) * inv, k < visible);
  }`;

// d scores = p ⊙ (dp - Σ_k dp_k p_k) per row (masked entries have p = 0, so they get 0).
const BACKWARD = `${VISIBLE}
  var dot = 0.0;
  for (var k = 0; k < visible; k = k + 1) { dot = dot + dp[base + k] * probs[base + k]; }
  for (var k = 0; k < uniforms.Tk; k = k + 1) {
    result[base + k] = probs[base + k] * (dp[base + k] - dot);
  }`;

const UNIFORMS = 'rows : i32, rowsPerSlab : i32, Tk : i32, R : i32, offset : i32,';

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/** Both programs run over [n, Tq·R, Tk] with one thread per row; R and the cached-key offset come as attributes. */
function run(args: KernelArgs, key: string, names: string[], body: string): tf.TensorInfo {
  const gpu = args.backend as WebGPUBackendLike;
  const inputs = names.map((n) => args.inputs[n] as tf.TensorInfo);
  const [n, rowsPerSlab, Tk] = inputs[0]!.shape as [number, number, number];
  const { R } = args.attrs as { R: number };
  const offset = Tk - rowsPerSlab / R;
  const program = new RowProgram(key, [n, rowsPerSlab, Tk], n * rowsPerSlab, names, UNIFORMS, body);
  return gpu.runWebGPUProgram(program, inputs, 'float32', i32Uniforms([n * rowsPerSlab, rowsPerSlab, Tk, R, offset]));
}

const forwardKernel = (args: KernelArgs) => run(args, 'palm_causal_softmax', ['scores'], FORWARD);
const backwardKernel = (args: KernelArgs) => run(args, 'palm_causal_softmax_grad', ['probs', 'dp'], BACKWARD);

/** The gradient of fusedCausalSoftmax by its kernel: probs, dp [n, Tq·R, Tk] -> d scores. Webgpu only. */
export function fusedCausalSoftmaxGrad(probs: tf.Tensor3D, dp: tf.Tensor3D, R: number): tf.Tensor3D {
  ensureKernel(CAUSAL_SOFTMAX_GRAD, backwardKernel as unknown as tf.KernelFunc);
  return tf.engine().runKernel(CAUSAL_SOFTMAX_GRAD, { probs, dp }, { R }) as tf.Tensor3D; // [n, Tq·R, Tk]
}

/**
 * softmax over the last axis of scores [n, Tq·R, Tk] under causalMask(Tq, Tk, R) (Tk ≥ Tq; offset Tk - Tq, the
 * cached keys): the mask argument of the reference kernel is implied by the shape and R. Webgpu only.
 */
export function fusedCausalSoftmax(scores: tf.Tensor3D, R: number): tf.Tensor3D {
  const [, rows, Tk] = scores.shape;
  if (!Number.isInteger(R) || R < 1 || rows % R !== 0 || rows / R > Tk) {
    throw new Error(`causalSoftmax: scores [n, ${rows}, ${Tk}] are not [n, Tq·R, Tk] with R = ${R} and Tq ≤ Tk`);
  }
  ensureKernel(CAUSAL_SOFTMAX, forwardKernel as unknown as tf.KernelFunc);
  ensureKernel(CAUSAL_SOFTMAX_GRAD, backwardKernel as unknown as tf.KernelFunc);
  const attrs = { R };
  return customOp<[tf.Tensor3D], tf.Tensor3D>((x, save) => {
    const probs = tf.engine().runKernel(CAUSAL_SOFTMAX, { scores: x }, attrs) as tf.Tensor3D; // [n, Tq·R, Tk]
    save([probs]);
    return {
      value: probs,
      gradFunc: (dp, [p]) => tf.engine().runKernel(CAUSAL_SOFTMAX_GRAD, { probs: p!, dp }, attrs) as tf.Tensor, // [n, Tq·R, Tk]
    };
  })(scores);
}
