// Training's attention core softmax(q k^T + causal mask) v (core/ops/attention.ts) as two webgpu kernels,
// flash-style: neither direction makes the [n, M, Tk] scores or probabilities. 'PalmCausalAttention' is one program,
// one thread per query row with an online softmax (running max, rescaled sum and accumulator). 'PalmCausalAttentionGrad'
// is four: the rows' statistics (log-sum-exp L_i and D_i = dO_i·O_i, packed in one output), then dq per row and dv, dk
// per key, each recomputing p_ij = exp(q_i·k_j - L_i). A tfjs program writes one output, so each is a program.
// The mask comes from positions: row i is query t = i / R, key j is visible iff j ≤ offset + t (offset: the keys
// before the first query); masked pairs are skipped, so they contribute exactly 0.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from '../../ops/custom-op';
import { ensureKernel, i32Uniforms, RowProgram, type WebGPUBackendLike } from './fused-program';

export const CAUSAL_ATTENTION = 'PalmCausalAttention';
export const CAUSAL_ATTENTION_GRAD = 'PalmCausalAttentionGrad';

/** The longest head a thread's private accumulator holds (WGSL private arrays have a constant size). */
export const MAX_HEAD_DIM = 256;

const UNIFORMS = 'rows : i32, M : i32, Tk : i32, Dh : i32, R : i32, offset : i32,';

/** `name` = Σ_d a[aBase + d] · b[bBase + d] over the head. */
const dot = (name: string, a: string, aBase: string, b: string, bBase: string) => `
    var ${name} = 0.0;
    for (var d = 0; d < uniforms.Dh; d = d + 1) { ${name} = ${name} + ${a}[${aBase} + d] * ${b}[${bBase} + d]; }`;

/** acc[d] = acc[d] · scale + weight · src[base + d] over the head. */
const axpy = (scale: string, weight: string, src: string, base: string) => `
    for (var d = 0; d < uniforms.Dh; d = d + 1) { acc[d] = acc[d] * ${scale} + ${weight} * ${src}[${base} + d]; }`;

/** The thread's accumulator [Dh] (WGSL zero-initialises it). */
const ACC = `
  var acc : array<f32, ${MAX_HEAD_DIM}>;`;

/** The thread's accumulator [Dh] written to result's row `base`. */
const store = (base: string, divisor: string) => `
  for (var d = 0; d < uniforms.Dh; d = d + 1) { result[${base} + d] = acc[d] / ${divisor}; }`;

// One thread per query row index = g·M + i: its keys 0 .. visible - 1 of group g start at kBase.
const PER_ROW = `
  let i = index % uniforms.M;
  let visible = uniforms.offset + i / uniforms.R + 1;
  let qBase = index * uniforms.Dh;
  let kBase = (index / uniforms.M) * uniforms.Tk * uniforms.Dh;`;

// The online softmax over the row's visible keys: after key j, mx = max_{≤j} s and sum = Σ_{≤j} exp(s - mx)
// (the first key's alpha is exp(-1e30 - s) = 0, so the start values drop out).
const ONLINE = (accumulate: string) => `
  var mx = -1.0e30;
  var sum = 0.0;
  for (var j = 0; j < visible; j = j + 1) {
    let kj = kBase + j * uniforms.Dh;${dot('s', 'queries', 'qBase', 'keys', 'kj')}
    let newMax = max(mx, s);
    let alpha = exp(mx - newMax);
    let e = exp(s - newMax);
    sum = sum * alpha + e;${accumulate}
    mx = newMax;
  }`;

const FORWARD = `${PER_ROW}${ACC}${ONLINE(axpy('alpha', 'e', 'values', 'kj'))}${store('qBase', 'sum')}`;

// stats [n, M, 2]: row i's L_i = log Σ_j exp(s_ij) and D_i = dO_i·O_i, computed once for the dq and dk programs.
const ROW_STATS = `${PER_ROW}${ONLINE('')}${dot('D', 'dy', 'qBase', 'attended', 'qBase')}
  result[2 * index] = mx + log(sum);
  result[2 * index + 1] = D;`;

// dq_i = Σ_j p_ij (dP_ij - D_i) k_j with dP_ij = dO_i·v_j.
const DQ = `${PER_ROW}${ACC}
  let L = stats[2 * index];
  let D = stats[2 * index + 1];
  for (var j = 0; j < visible; j = j + 1) {
    let kj = kBase + j * uniforms.Dh;${dot('s', 'queries', 'qBase', 'keys', 'kj')}${dot('dp', 'dy', 'qBase', 'values', 'kj')}
    let ds = exp(s - L) * (dp - D);${axpy('1.0', 'ds', 'keys', 'kj')}
  }${store('qBase', '1.0')}`;

// One thread per key index = g·Tk + j: the rows that see it are i ≥ (j - offset)·R (floor(i / R) ≥ j - offset).
const PER_KEY = (term: string, src: string) => `
  let j = index % uniforms.Tk;
  let kj = index * uniforms.Dh;
  let rowBase = (index / uniforms.Tk) * uniforms.M;${ACC}
  for (var i = max(0, (j - uniforms.offset) * uniforms.R); i < uniforms.M; i = i + 1) {
    let qi = (rowBase + i) * uniforms.Dh;${dot('s', 'queries', 'qi', 'keys', 'kj')}
    let p = exp(s - stats[2 * (rowBase + i)]);${term}${axpy('1.0', 'w', src, 'qi')}
  }${store('kj', '1.0')}`;

// dv_j = Σ_i p_ij dO_i.
const DV = PER_KEY(
  `
    let w = p;`,
  'dy',
);

// dk_j = Σ_i p_ij (dP_ij - D_i) q_i.
const DK = PER_KEY(
  `${dot('dp', 'dy', 'qi', 'values', 'kj')}
    let w = p * (dp - stats[2 * (rowBase + i) + 1]);`,
  'queries',
);

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/** Runs one of the programs over [n, M, Dh] queries and [n, Tk, Dh] keys, a thread per row (or per key). */
function runner(args: KernelArgs) {
  const gpu = args.backend as WebGPUBackendLike;
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const [n, M, Dh] = inputs.queries!.shape as [number, number, number];
  const Tk = inputs.keys!.shape[1]!;
  const { R, offset } = args.attrs as { R: number; offset: number };
  const uniforms = (threads: number) => i32Uniforms([threads, M, Tk, Dh, R, offset]);
  return (key: string, names: string[], shape: number[], perKey: boolean, body: string): tf.TensorInfo => {
    const threads = n * (perKey ? Tk : M);
    const program = new RowProgram(key, shape, threads, names, UNIFORMS, body);
    return gpu.runWebGPUProgram(
      program,
      names.map((name) => inputs[name]!),
      'float32',
      uniforms(threads),
    );
  };
}

// Each program binds only the inputs it reads: WebGPU's derived layout drops unused bindings.
const QKV = ['queries', 'keys', 'values'];
const STATS_INPUTS = ['queries', 'keys', 'attended', 'dy'];
const DQ_DK_INPUTS = [...QKV, 'dy', 'stats'];
const DV_INPUTS = ['queries', 'keys', 'dy', 'stats'];

function forwardKernel(args: KernelArgs): tf.TensorInfo {
  const shape = (args.inputs.queries as tf.TensorInfo).shape;
  return runner(args)('palm_causal_attention', QKV, shape, false, FORWARD); // [n, M, Dh]
}

function backwardKernel(args: KernelArgs): tf.TensorInfo[] {
  const gpu = args.backend as WebGPUBackendLike;
  const { queries, keys } = args.inputs as Record<string, tf.TensorInfo>;
  const [n, M] = queries!.shape;
  const run = runner(args);
  const stats = run('palm_causal_attention_stats', STATS_INPUTS, [n!, M!, 2], false, ROW_STATS); // [n, M, 2]
  // The gradient programs read the statistics as one more input.
  const withStats = runner({ ...args, inputs: { ...args.inputs, stats } });
  const dq = withStats('palm_causal_attention_dq', DQ_DK_INPUTS, queries!.shape, false, DQ); // [n, M, Dh]
  const dk = withStats('palm_causal_attention_dk', DQ_DK_INPUTS, keys!.shape, true, DK); // [n, Tk, Dh]
  const dv = withStats('palm_causal_attention_dv', DV_INPUTS, keys!.shape, true, DV); // [n, Tk, Dh]
  gpu.disposeData(stats.dataId);
  return [dq, dk, dv];
}

/**
 * Kernels.causalAttention on webgpu: softmax(q k^T + causalMask(Tq, Tk, R, offset)) v for q [n, Tq·R, Dh], k, v
 * [n, Tk, Dh] (offset + Tq ≤ Tk; offset Tk - Tq unless given), the mask computed from positions. Saves q, k, v and
 * the output for the backward.
 */
export function fusedCausalAttention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  R: number,
  offset = k.shape[1] - q.shape[1] / R,
): tf.Tensor3D {
  const [n, M, Dh] = q.shape;
  const [nk, Tk, Dk] = k.shape;
  if (!Number.isInteger(R) || R < 1 || M % R !== 0 || !(offset >= 0) || offset + M / R > Tk || nk !== n || Dk !== Dh) {
    throw new Error(
      `causalAttention: q [${q.shape}] and k [${k.shape}] are not [n, Tq·R, Dh] and [n, Tk, Dh] with R = ${R} and ` +
        `offset ${offset} + Tq ≤ Tk`,
    );
  }
  if (!tf.util.arraysEqual(v.shape, k.shape)) {
    throw new Error(`causalAttention: v [${v.shape}] is not k's [${k.shape}]`);
  }
  if (Dh > MAX_HEAD_DIM) throw new Error(`causalAttention: head size ${Dh} is over the kernel's ${MAX_HEAD_DIM}`);
  ensureKernel(CAUSAL_ATTENTION, forwardKernel as unknown as tf.KernelFunc);
  ensureKernel(CAUSAL_ATTENTION_GRAD, backwardKernel as unknown as tf.KernelFunc);
  const attrs = { R, offset };
  return customOp<[tf.Tensor3D, tf.Tensor3D, tf.Tensor3D], tf.Tensor3D>((sq, sk, sv, save) => {
    const out = tf.engine().runKernel(CAUSAL_ATTENTION, { queries: sq, keys: sk, values: sv }, attrs) as tf.Tensor3D;
    save([sq, sk, sv, out]);
    return {
      value: out, // [n, M, Dh]
      gradFunc: (dy, [q0, k0, v0, o]) =>
        tf
          .engine()
          .runKernel(
            CAUSAL_ATTENTION_GRAD,
            { queries: q0!, keys: k0!, values: v0!, attended: o!, dy },
            attrs,
          ) as tf.Tensor[],
    };
  })(q, k, v);
}
