// SwiGLU's gate swish(g) ⊙ u (core/ops/activations.ts) as two webgpu kernels: 'PalmSwiGLU' (one elementwise program) and
// 'PalmSwiGLUGrad' (dg and du, one program each; the sigmoid recomputed), instead of 3 stock kernels forward and 6
// backward, and 2 saved tensors instead of 3.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from '../../ops/custom-op';
import { ElementwiseProgram, ensureKernel, type WebGPUBackendLike } from './fused-program';

export const SWIGLU = 'PalmSwiGLU';
export const SWIGLU_GRAD = 'PalmSwiGLUGrad';

// s = sigmoid(g); for g → -inf, exp(-g) = inf and s = 0 exactly, as tf.sigmoid gives.
const SIGMOID = `
  let x = g[index];
  let s = 1.0 / (1.0 + exp(-x));`;

const FORWARD = `${SIGMOID}
  result[index] = x * s * u[index];  // swish(g) u`;

// swish'(g) = s + g s (1 - s): dg = dy u swish'(g), du = dy swish(g).
const DG = `${SIGMOID}
  result[index] = dy[index] * u[index] * (s + x * s * (1.0 - s));`;
const DU = `${SIGMOID}
  result[index] = dy[index] * x * s;`;

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
}

function run(gpu: WebGPUBackendLike, key: string, names: string[], inputs: tf.TensorInfo[], body: string) {
  return gpu.runWebGPUProgram(new ElementwiseProgram(key, inputs[0]!.shape, names, '', body), inputs, 'float32');
}

function swigluKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { g, u } = inputs as Record<'g' | 'u', tf.TensorInfo>;
  return run(backend as WebGPUBackendLike, 'palm_swiglu', ['g', 'u'], [g, u], FORWARD);
}

function swigluGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { g, u, dy } = inputs as Record<'g' | 'u' | 'dy', tf.TensorInfo>;
  return [
    run(gpu, 'palm_swiglu_dg', ['g', 'u', 'dy'], [g, u, dy], DG),
    run(gpu, 'palm_swiglu_du', ['g', 'dy'], [g, dy], DU),
  ];
}

/** swish(gate) ⊙ up for gate, up [N, F], with its gradient to both. Webgpu only. */
export function fusedSwiglu(gate: tf.Tensor2D, up: tf.Tensor2D): tf.Tensor2D {
  ensureKernel(SWIGLU, swigluKernel as unknown as tf.KernelFunc);
  ensureKernel(SWIGLU_GRAD, swigluGradKernel as unknown as tf.KernelFunc);
  return customOp<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>((g, u, save) => {
    save([g, u]);
    return {
      value: tf.engine().runKernel(SWIGLU, { g, u }) as tf.Tensor2D, // [N, F]
      gradFunc: (dy, [sg, su]) => tf.engine().runKernel(SWIGLU_GRAD, { g: sg!, u: su!, dy }) as tf.Tensor[], // [N, F] each
    };
  })(gate, up);
}
