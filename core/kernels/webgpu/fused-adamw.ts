// AdamW's update of one parameter tensor as one webgpu kernel, 'PalmAdamWUpdate' (the formula of core/ops/adamw-step.ts, PyTorch /
// optax AdamW): three elementwise WGSL programs, one per output (param, m, v), instead of ~12 stock-op launches.
import * as tf from '@tensorflow/tfjs-core';
import type { AdamWScalars, AdamWState } from '../../ops/adamw-step';
import { ElementwiseProgram, ensureKernel, f32Uniforms, type WebGPUBackendLike } from './fused-program';

export const ADAMW_UPDATE = 'PalmAdamWUpdate';

type Output = 'param' | 'm' | 'v';

// Every program recomputes the new moments: cheaper than a second pass over memory, and each writes one output.
// With a gradScale input (global-norm clipping's factor) the gradient is scaled as it is read.
const moments = (scaled: boolean) => `
  let g = grad[index]${scaled ? ' * gradScale[0]' : ''};
  let mNew = uniforms.beta1 * m[index] + uniforms.oneMinusBeta1 * g;        // m = b1 m + (1-b1) g
  let vNew = uniforms.beta2 * v[index] + uniforms.oneMinusBeta2 * (g * g);  // v = b2 v + (1-b2) g²`;

const WRITE: Record<Output, string> = {
  m: 'result[index] = mNew;',
  v: 'result[index] = vNew;',
  param: `
  let mHat = mNew / uniforms.bc1;                                           // mhat = m / (1 - b1^k)
  let vHat = vNew / uniforms.bc2;                                           // vhat = v / (1 - b2^k)
  let p = param[index];
  let step = mHat / (sqrt(vHat) + uniforms.eps) + p * uniforms.wd;          // mhat / (sqrt(vhat) + eps) + wd p
  result[index] = p - step * uniforms.lr;                                   // p -= lr_k * step`,
};

function adamwKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { param, grad, m, v, gradScale } = inputs as Record<'param' | 'grad' | 'm' | 'v', tf.TensorInfo> & {
    gradScale?: tf.TensorInfo;
  };
  const scaled = gradScale !== undefined;
  const s = attrs as unknown as AdamWScalars;
  const { decl, data } = f32Uniforms({
    lr: s.lr,
    beta1: s.beta1,
    oneMinusBeta1: 1 - s.beta1,
    beta2: s.beta2,
    oneMinusBeta2: 1 - s.beta2,
    eps: s.eps,
    bc1: s.bc1,
    bc2: s.bc2,
    wd: s.wd,
  });
  const all: Record<string, tf.TensorInfo | undefined> = { param, grad, m, v, gradScale };
  return (['param', 'm', 'v'] as const).map((out) => {
    // Bind exactly what the shader reads: WebGPU's automatic layout drops unused bindings and then rejects them.
    const names = [
      ...(out === 'param' ? ['param', 'grad', 'm', 'v'] : ['grad', 'm', 'v']),
      ...(scaled ? ['gradScale'] : []),
    ];
    const key = `palm_adamw_${out}${scaled ? '_scaled' : ''}`;
    const program = new ElementwiseProgram(key, param.shape, names, decl, `${moments(scaled)}\n${WRITE[out]}`);
    return gpu.runWebGPUProgram(
      program,
      names.map((n) => all[n]!),
      'float32',
      data,
    );
  });
}

/**
 * The new param, m and v of one tensor (param shape each) from grad ⊙ gradScale (null: grad); the caller assigns
 * them. Webgpu only.
 */
export function fusedAdamWUpdate(
  param: tf.Tensor,
  grad: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  s: AdamWScalars,
  gradScale: tf.Tensor | null,
): AdamWState {
  ensureKernel(ADAMW_UPDATE, adamwKernel as unknown as tf.KernelFunc);
  const inputs: tf.NamedTensorMap = gradScale ? { param, grad, m, v, gradScale } : { param, grad, m, v };
  const [next, mNext, vNext] = tf.engine().runKernel(ADAMW_UPDATE, inputs, { ...s }) as tf.Tensor[];
  return { param: next as tf.Tensor, m: mNext as tf.Tensor, v: vNext as tf.Tensor };
}
