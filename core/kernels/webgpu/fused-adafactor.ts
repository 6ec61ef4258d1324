// Adafactor's update of one UNFACTORED parameter tensor (docs/palm.md §4 steps 1-6; PaLM's preset) as one webgpu kernel,
// 'PalmAdafactorUpdate': one workgroup sums u² and param² (for rms(u), rms(param)), then one elementwise program per
// output (param, v, and m with momentum). Factored moments stay on the stock-op path of core/ops/adafactor-step.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { AdafactorScalars, AdafactorState } from '../../ops/adafactor-step';
import { ElementwiseProgram, ensureKernel, f32Uniforms, SumProgram, type WebGPUBackendLike } from './fused-program';

export const ADAFACTOR_UPDATE = 'PalmAdafactorUpdate';

/** The kernel's attributes: tfjs attributes cannot be null, so "no momentum" travels as its own flag. */
type KernelAttrs = Omit<AdafactorScalars, 'beta1'> & { beta1: number; momentum: boolean };

// Steps 1-2, shared by both programs: the new second moment and the unclipped update of element i. With a gradScale
// input (global-norm clipping's factor) the gradient is scaled as it is read.
const scaledGradient = (i: string, scaled: boolean) => `
  let g = grad[${i}]${scaled ? ' * gradScale[0]' : ''};
  let vNew = uniforms.decay * v[${i}] + uniforms.oneMinusDecay * (g * g + uniforms.eps1); // v = decay v + (1-decay)(g² + eps1)
  let u0 = g * inverseSqrt(vNew);                                                       // u = g / sqrt(v)`;

/** Sums [Σ u², Σ param²] of one tensor: the two reductions the update needs. */
const sumsBody = (scaled: boolean) => `${scaledGradient('i', scaled)}
  acc0 = acc0 + u0 * u0;
  let p = param[i];
  acc1 = acc1 + p * p;`;

function updateBody(out: 'param' | 'v' | 'm', momentum: boolean, paramScale: boolean, scaled: boolean): string {
  if (out === 'v') return `${scaledGradient('index', scaled)}\n  result[index] = vNew;`;
  const n = 'f32(uniforms.size)';
  return `${scaledGradient('index', scaled)}
  let u1 = u0 / max(1.0, sqrt(sums[0] / ${n}) / uniforms.clip);              // 3. u / max(1, rms(u) / d)
  ${
    paramScale
      ? `let u2 = u1 * (max(sqrt(sums[1] / ${n}), uniforms.eps2) * uniforms.lr); // 4. u * lr_k * max(rms(param), eps2)`
      : 'let u2 = u1 * uniforms.lr;                                            // 4. u * lr_k'
  }
  ${
    momentum
      ? 'let u3 = uniforms.beta1 * m[index] + uniforms.oneMinusBeta1 * u2;     // 5. m = beta1 m + (1-beta1) u; u = m'
      : 'let u3 = u2;                                                          // 5. no momentum'
  }
  ${out === 'm' ? 'result[index] = u3;' : 'result[index] = uniforms.keep * param[index] - u3; // 6. (1 - wd_k) param - u'}`;
}

function adafactorKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { param, grad, v, m, gradScale } = inputs as Record<
    'param' | 'grad' | 'v' | 'm' | 'gradScale',
    tf.TensorInfo | undefined
  >;
  const scaled = gradScale !== undefined;
  const withScale = (names: string[]) => (scaled ? [...names, 'gradScale'] : names);
  const s = attrs as unknown as KernelAttrs;
  const momentum = s.momentum;
  if (param == null || grad == null || v == null || (momentum && m == null)) {
    throw new Error(`${ADAFACTOR_UPDATE}: needs param, grad, v (and m with momentum)`);
  }
  const common = { decay: s.decay, oneMinusDecay: 1 - s.decay, eps1: s.eps1 };
  const size = tf.util.sizeFromShape(param.shape);

  const red = f32Uniforms(common);
  const sumNames = withScale(['param', 'grad', 'v']);
  const sumKey = `palm_adafactor_sums${scaled ? '_scaled' : ''}`;
  const sumProgram = new SumProgram(sumKey, 2, sumNames, `n : i32, ${red.decl}`, sumsBody(scaled));
  const all = { param, grad, v, m, gradScale } as Record<string, tf.TensorInfo>;
  const sums = gpu.runWebGPUProgram(
    sumProgram,
    sumNames.map((n) => all[n]!),
    'float32',
    [{ type: 'int32', data: [size] }, ...red.data],
  ); // [2]
  all.sums = sums;

  const upd = f32Uniforms({
    ...common,
    clip: s.clip,
    lr: s.lr,
    eps2: s.eps2,
    beta1: s.beta1,
    oneMinusBeta1: 1 - s.beta1,
    keep: s.keep,
  });
  const outs: ('param' | 'v' | 'm')[] = momentum ? ['param', 'v', 'm'] : ['param', 'v'];
  const results = outs.map((out) => {
    // Bind exactly what the shader reads: WebGPU's automatic layout drops unused bindings and then rejects them.
    const names = withScale(
      {
        v: ['grad', 'v'],
        m: ['grad', 'v', 'sums', 'm'],
        param: ['param', 'grad', 'v', 'sums', ...(momentum ? ['m'] : [])],
      }[out],
    );
    const flags = `${momentum ? 'm' : 'nom'}_${s.multiplyByParameterScale ? 'scale' : 'noscale'}${scaled ? '_scaled' : ''}`;
    const key = `palm_adafactor_${out}_${flags}`;
    const program = new ElementwiseProgram(
      key,
      param.shape,
      names,
      upd.decl,
      updateBody(out, momentum, s.multiplyByParameterScale, scaled),
    );
    return gpu.runWebGPUProgram(
      program,
      names.map((n) => all[n]!),
      'float32',
      upd.data,
    );
  });
  gpu.disposeData(sums.dataId);
  return results;
}

/**
 * The new param, v (and m, with momentum) of one unfactored tensor from grad ⊙ gradScale (null: grad), each of
 * param's shape; the caller assigns them. Webgpu only.
 */
export function fusedAdafactorUpdate(
  param: tf.Tensor,
  grad: tf.Tensor,
  v: tf.Tensor,
  m: tf.Tensor | null,
  s: AdafactorScalars,
  gradScale: tf.Tensor | null,
): AdafactorState {
  ensureKernel(ADAFACTOR_UPDATE, adafactorKernel as unknown as tf.KernelFunc);
  const inputs: tf.NamedTensorMap = { param, grad, v, ...(m ? { m } : {}), ...(gradScale ? { gradScale } : {}) };
  const attrs: KernelAttrs = { ...s, beta1: s.beta1 ?? 0, momentum: s.beta1 != null };
  const [next, vNext, mNext] = tf.engine().runKernel(ADAFACTOR_UPDATE, inputs, { ...attrs }) as tf.Tensor[];
  return { param: next as tf.Tensor, v: vNext as tf.Tensor, m: mNext ?? null };
}
