// Decoding's attention over a KV cache (core/ops/cached-attention.ts) as one webgpu kernel, 'PalmCachedAttention', of
// three programs: the new rows written into the key cache (rotated) and the value cache, then one workgroup per
// (position, query head) attending over the cache in chunks with a running max (online softmax), the causal mask
// computed from positions. q, k and v are read where they lie in their projections: no split, no reshape.
import * as tf from '@tensorflow/tfjs-core';
import type { CachedAttentionArgs, CachedAttentionResult } from '../../ops/cached-attention';
import { ElementwiseProgram, ensureKernel, i32Uniforms, type WebGPUBackendLike } from './fused-program';

export const CACHED_ATTENTION = 'PalmCachedAttention';

const WORKGROUP = 64;
/** Scores held in workgroup memory at once: keys are visited CHUNK at a time, so any cache length works. */
const CHUNK = 512;
/** Masked and not-yet-seen scores: finite, so max and exp never meet an inf - inf. */
const NEG = '-1.0e30';

// Element (b, p, g, d) of a cache [B, capacity, G, Dh]: row p is new when start ≤ p < start + n, and then comes from
// column col + g·Dh + d of the projection's row b·n + (p - start) — rotated for keys: x cos + x[partner] sin±.
const WRITE_ROWS = (rotate: boolean) => `
  let d = index % uniforms.Dh;
  let g = (index / uniforms.Dh) % uniforms.G;
  let p = (index / (uniforms.Dh * uniforms.G)) % uniforms.capacity;
  let b = index / (uniforms.Dh * uniforms.G * uniforms.capacity);
  let t = p - uniforms.start;
  if (t >= 0 && t < uniforms.n) {
    let base = (b * uniforms.n + t) * uniforms.cols + uniforms.col + g * uniforms.Dh;
    ${
      rotate
        ? `let half = uniforms.Dh / 2;
    let partner = select(d - half, d + half, d < half);
    result[index] = src[base + d] * cos[t * uniforms.Dh + d] + src[base + partner] * sin[t * uniforms.Dh + d];`
        : 'result[index] = src[base + d];'
    }
  } else {
    result[index] = old[index];
  }`;

const WRITE_UNIFORMS = 'capacity : i32, G : i32, Dh : i32, n : i32, start : i32, cols : i32, col : i32,';

/**
 * One workgroup per query row r = (b·n + t)·H + h (row-major in the output [B*n, H*Dh]); thread tid owns output
 * columns tid, tid + 64, ... Every loop bound with a barrier inside is uniform (from uniforms only), as WGSL requires;
 * the causal limit of row r (keys 0 .. start + t) is a mask inside the loop.
 */
function attendCode(rotate: boolean, accumulators: number): string {
  const accs = Array.from({ length: accumulators }, (_, j) => j);
  return `
  var<workgroup> qv : array<f32, ${accumulators * WORKGROUP}>;
  var<workgroup> s : array<f32, ${CHUNK}>;
  var<workgroup> red : array<f32, ${WORKGROUP}>;

  fn main(index : i32) {
    let tid = i32(localId.x);
    let r = min(i32(workgroupId.y * numWorkgroups.x + workgroupId.x), uniforms.rows - 1);
    let h = r % uniforms.H;
    let token = r / uniforms.H;
    let t = token % uniforms.n;
    let b = token / uniforms.n;
    let g = h / (uniforms.H / uniforms.G);
    let visible = uniforms.start + t + 1;
    let total = uniforms.start + uniforms.n;

    // The query, rotated (its tables carry 1/sqrt(Dh)) or scaled, into workgroup memory.
    let qBase = token * uniforms.qCols + uniforms.qCol + h * uniforms.Dh;
    for (var d = tid; d < uniforms.Dh; d = d + ${WORKGROUP}) {
      ${
        rotate
          ? `let half = uniforms.Dh / 2;
      let partner = select(d - half, d + half, d < half);
      qv[d] = q[qBase + d] * cos[t * uniforms.Dh + d] + q[qBase + partner] * sin[t * uniforms.Dh + d];`
          : 'qv[d] = q[qBase + d] * uniforms.scale;'
      }
    }
    workgroupBarrier();

    var runMax = ${NEG};
    var runSum = 0.0;
    ${accs.map((j) => `var acc${j} = 0.0;`).join(' ')}
    for (var c0 = 0; c0 < total; c0 = c0 + ${CHUNK}) {
      let cn = min(${CHUNK}, total - c0);
      // Scores of this chunk's keys, masked past the row's own position.
      var localMax = ${NEG};
      for (var j = tid; j < cn; j = j + ${WORKGROUP}) {
        let key = c0 + j;
        let kBase = ((b * uniforms.capacity + key) * uniforms.G + g) * uniforms.Dh;
        var dot = 0.0;
        for (var d = 0; d < uniforms.Dh; d = d + 1) { dot = dot + qv[d] * keys[kBase + d]; }
        let score = select(${NEG}, dot, key < visible);
        s[j] = score;
        localMax = max(localMax, score);
      }
      red[tid] = localMax;
      workgroupBarrier();
      for (var half = ${WORKGROUP / 2}; half > 0; half = half / 2) {
        if (tid < half) { red[tid] = max(red[tid], red[tid + half]); }
        workgroupBarrier();
      }
      let newMax = max(runMax, red[0]);
      let alpha = exp(runMax - newMax);  // rescales what earlier chunks summed
      workgroupBarrier();
      var localSum = 0.0;
      for (var j = tid; j < cn; j = j + ${WORKGROUP}) {
        let e = select(0.0, exp(s[j] - newMax), c0 + j < visible);
        s[j] = e;
        localSum = localSum + e;
      }
      red[tid] = localSum;
      workgroupBarrier();
      for (var half = ${WORKGROUP / 2}; half > 0; half = half / 2) {
        if (tid < half) { red[tid] = red[tid] + red[tid + half]; }
        workgroupBarrier();
      }
      runSum = runSum * alpha + red[0];
      runMax = newMax;
      // Σ_j e_j v_j for this thread's output columns.
      ${accs
        .map(
          (a) => `{
        let d = tid + ${a * WORKGROUP};
        var part = 0.0;
        if (d < uniforms.Dh) {
          for (var j = 0; j < cn; j = j + 1) {
            part = part + s[j] * values[((b * uniforms.capacity + c0 + j) * uniforms.G + g) * uniforms.Dh + d];
          }
        }
        acc${a} = acc${a} * alpha + part;
      }`,
        )
        .join('\n      ')}
      workgroupBarrier();  // s is rewritten by the next chunk
    }
    let row = i32(workgroupId.y * numWorkgroups.x + workgroupId.x);
    if (row < uniforms.rows) {
      ${accs
        .map(
          (a) => `if (tid + ${a * WORKGROUP} < uniforms.Dh) {
        result[row * uniforms.Dh + tid + ${a * WORKGROUP}] = acc${a} / runSum;
      }`,
        )
        .join('\n      ')}
    }
  }`;
}

/** One workgroup per query row; the output is [B*n, H*Dh], row r's Dh values at r·Dh. */
class AttendProgram {
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0, 1] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly uniforms =
    'rows : i32, H : i32, G : i32, Dh : i32, n : i32, start : i32, capacity : i32, qCols : i32, qCol : i32, scale : f32,';

  constructor(
    shape: [number, number],
    rows: number,
    readonly variableNames: string[],
    private readonly rotate: boolean,
    private readonly accumulators: number,
  ) {
    this.outputShape = shape;
    this.shaderKey = `palm_cached_attention_${rotate ? 'rope' : 'scaled'}_${accumulators}`;
    this.dispatch = [rows, 1, 1];
  }

  getUserCode(): string {
    return attendCode(this.rotate, this.accumulators);
  }
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

interface Attrs {
  qCol: number;
  kCol: number;
  vCol: number;
  start: number;
  nHeads: number;
  rotate: boolean;
}

function cachedAttentionKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const gpu = backend as WebGPUBackendLike;
  const { q, k, v, keys, values, cosQ, sinQ, cosK, sinK } = inputs as Record<string, tf.TensorInfo>;
  const { qCol, kCol, vCol, start, nHeads: H, rotate } = attrs as unknown as Attrs;
  const [B, capacity, G, Dh] = keys!.shape as [number, number, number, number];
  const N = q!.shape[0]!;
  const n = N / B;

  const write = (
    src: tf.TensorInfo,
    old: tf.TensorInfo,
    col: number,
    tables: [tf.TensorInfo, tf.TensorInfo] | null,
  ) => {
    const names = tables ? ['src', 'old', 'cos', 'sin'] : ['src', 'old'];
    const key = tables ? 'palm_cache_write_rope' : 'palm_cache_write';
    const program = new ElementwiseProgram(key, old.shape, names, WRITE_UNIFORMS, WRITE_ROWS(tables !== null));
    const uniforms = i32Uniforms([capacity, G, Dh, n, start, src.shape[1]!, col]);
    return gpu.runWebGPUProgram(program, [src, old, ...(tables ?? [])], 'float32', uniforms);
  };
  const newKeys = write(k!, keys!, kCol, rotate ? [cosK!, sinK!] : null);
  const newValues = write(v!, values!, vCol, null);

  const rows = N * H;
  const names = rotate ? ['q', 'keys', 'values', 'cos', 'sin'] : ['q', 'keys', 'values'];
  const program = new AttendProgram([N, H * Dh], rows, names, rotate, Math.ceil(Dh / WORKGROUP));
  const out = gpu.runWebGPUProgram(program, [q!, newKeys, newValues, ...(rotate ? [cosQ!, sinQ!] : [])], 'float32', [
    ...i32Uniforms([rows, H, G, Dh, n, start, capacity, q!.shape[1]!, qCol]),
    { type: 'float32', data: [1 / Math.sqrt(Dh)] },
  ]);
  return [out, newKeys, newValues];
}

/** Kernels.cachedAttention on webgpu: three dispatches, one kernel; the mask is implied by the positions. */
export function fusedCachedAttention(a: CachedAttentionArgs): CachedAttentionResult {
  const [B, , , Dh] = a.keys.shape;
  const N = a.q.x.shape[0];
  if (N % B !== 0 || a.start + N / B > a.keys.shape[1]) {
    throw new Error(
      `cachedAttention: ${N} query rows for ${B} sequences at position ${a.start} do not fit a cache of ${a.keys.shape[1]}`,
    );
  }
  if (Dh % 2 !== 0 && a.rope) throw new Error(`cachedAttention: RoPE needs an even head size (got ${Dh})`);
  ensureKernel(CACHED_ATTENTION, cachedAttentionKernel as unknown as tf.KernelFunc);
  const inputs: tf.NamedTensorMap = { q: a.q.x, k: a.k.x, v: a.v.x, keys: a.keys, values: a.values };
  if (a.rope) Object.assign(inputs, { cosQ: a.rope.q.cos, sinQ: a.rope.q.sin, cosK: a.rope.k.cos, sinK: a.rope.k.sin });
  const attrs = { qCol: a.q.col, kCol: a.k.col, vCol: a.v.col, start: a.start, nHeads: a.nHeads, rotate: !!a.rope };
  const [out, keys, values] = tf.engine().runKernel(CACHED_ATTENTION, inputs, attrs) as [
    tf.Tensor2D,
    tf.Tensor4D,
    tf.Tensor4D,
  ];
  return { out, keys, values };
}
