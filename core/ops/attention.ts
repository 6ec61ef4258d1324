// The core of causal attention, softmax(q k^T + mask) v over [n, rows, Dh] groups with a hand-written gradient:
// autodiff keeps the raw scores, the masked scores and the probabilities with a gradient of each until the step ends
// (48 MiB of the reference step, docs/benchmarks.md); this keeps the probabilities only, and the webgpu kernel
// (core/kernels/webgpu/fused-attention.ts) not even those. Also the head grouping of MQA/GQA (docs/palm.md §1).
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

/** Added to the scores of masked keys: exp underflows to exactly 0, and unlike -Infinity it cannot make a NaN. */
const MASKED = -1e9;

/** a [n, M, K] @ b [n, K, N] (or @ b^T for b [n, N, K]) -> [n, M, N]: a backend's fastest batched product. */
export type BatchMatMul = (a: tf.Tensor3D, b: tf.Tensor3D, transposeB: boolean) => tf.Tensor3D;

const stockBatchMatMul: BatchMatMul = (a, b, transposeB) => tf.matMul(a, b, false, transposeB);

/** Which keys the query rows see: R query rows per position, the first at absolute position `offset`. */
export interface CausalLayout {
  /** Query rows per position (H / G: the heads that share one K/V head). */
  R: number;
  /** Keys before the first query position (the KV cache's length when decoding; 0 in training). */
  offset: number;
}

/**
 * The additive mask's values [Tq * R, Tk] (see causalMask); the last few are kept, as decoding repeats its shapes. A
 * cpu tensor made from them shares the array: tfjs never writes into a tensor's values, and neither may a caller.
 */
const maskCache = new Map<string, Float32Array>();
const MASK_CACHE_SIZE = 8;

function causalMaskValues(Tq: number, Tk: number, R: number, offset: number): Float32Array {
  const key = `${Tq},${Tk},${R},${offset}`;
  const kept = maskCache.get(key);
  if (kept) return kept;
  const mask = new Float32Array(Tq * R * Tk);
  for (let t = 0; t < Tq; t++) {
    for (let r = 0; r < R; r++) mask.fill(MASKED, (t * R + r) * Tk + offset + t + 1, (t * R + r + 1) * Tk);
  }
  if (maskCache.size >= MASK_CACHE_SIZE) maskCache.delete(maskCache.keys().next().value!);
  maskCache.set(key, mask);
  return mask;
}

/**
 * The additive causal mask [Tq * R, Tk] for query rows laid out as (t, r) pairs (groupHeads): row t * R + r is the
 * query at absolute position offset + t, which sees keys 0 .. offset + t. offset = Tk - Tq (keys already cached).
 */
export function causalMask(Tq: number, Tk: number, R: number, offset = Tk - Tq): tf.Tensor2D {
  return tf.tensor2d(causalMaskValues(Tq, Tk, R, offset), [Tq * R, Tk]);
}

export interface AttentionCoreOptions {
  /** The batched product to use (the wasm kernels' is n plain 2-D products); tf.matMul by default. */
  batchMatMul?: BatchMatMul;
  /** Sees the masked scores [n, M, Tk] (diagnostics) before they are freed. */
  onScores?: (scores: tf.Tensor3D) => void;
}

/**
 * q [n, M, Dh], k, v [n, Tk, Dh] -> softmax(q k^T + mask) v [n, M, Dh] with its closed-form gradient (p = probabilities,
 * dO the output's gradient): dP = dO v^T, dS = p ⊙ (dP - Σ_keys dP ⊙ p), dq = dS k, dk = dS^T q, dv = p^T dO.
 * `mask` [M, Tk] is a constant: given, or built from a causal layout (M = Tq·R) and freed as soon as the scores hold it.
 */
export function attentionCore(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  mask: tf.Tensor2D | CausalLayout,
  opts: AttentionCoreOptions = {},
): tf.Tensor3D {
  const batchMatMul = opts.batchMatMul ?? stockBatchMatMul;
  return customOp<[tf.Tensor3D, tf.Tensor3D, tf.Tensor3D], tf.Tensor3D>((sq, sk, sv, save) => {
    const owned = mask instanceof tf.Tensor ? null : causalMask(sq.shape[1] / mask.R, sk.shape[1], mask.R, mask.offset);
    const scores = tf.add<tf.Tensor3D>(batchMatMul(sq, sk, true), owned ?? (mask as tf.Tensor2D)); // [n, M, Tk]
    owned?.dispose();
    opts.onScores?.(scores);
    const probs = tf.softmax(scores); // [n, M, Tk]
    save([sq, sk, sv, probs]);
    return {
      value: batchMatMul(probs, sv, false), // [n, M, Dh]
      gradFunc: (dy, saved) => {
        const [q0, k0, v0, p] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
        const dO = dy as tf.Tensor3D;
        const dP = batchMatMul(dO, v0, true); // [n, M, Tk]
        const dS = tf.mul(p, tf.sub(dP, tf.sum(tf.mul(dP, p), -1, true))) as tf.Tensor3D; // [n, M, Tk]
        const dSt = tf.transpose(dS, [0, 2, 1]); // [n, Tk, M]
        return [
          batchMatMul(dS, k0, false), // [n, M, Dh]
          batchMatMul(dSt, q0, false), // [n, Tk, Dh]
          batchMatMul(tf.transpose(p, [0, 2, 1]), dO, false), // [n, Tk, Dh]
        ];
      },
    };
  })(q, k, v);
}

/**
 * x [B, T, heads, Dh] -> [B*G, T·heads/G, Dh]: the heads that share a K/V head (G groups) folded into the rows, so
 * each group is one [T·R, Dh] x [Dh, Tk] product. For G = 1 (MQA) a reshape: [B, T, H, Dh] already is [B, T·H, Dh],
 * and no K/V head is ever copied H times.
 */
export function groupHeads(x: tf.Tensor4D, G: number): tf.Tensor3D {
  const [B, T, heads, Dh] = x.shape;
  const cols = (heads / G) * Dh;
  const grouped = G === 1 ? x : tf.transpose(tf.reshape(x, [B, T, G, cols]), [0, 2, 1, 3]); // [B, G, T, cols]
  return tf.reshape(grouped, [B * G, T * (heads / G), Dh]);
}

/** groupHeads' inverse for the output: x [B*G, T·R, Dh] -> [B, T, G·R·Dh] (the heads side by side). */
export function ungroupHeads(x: tf.Tensor3D, B: number, T: number): tf.Tensor3D {
  const [BG, rows, Dh] = x.shape;
  const G = BG / B;
  const grouped = tf.reshape(x, [B, G, T, (rows / T) * Dh]); // [B, G, T, R·Dh]
  return tf.reshape(G === 1 ? grouped : tf.transpose(grouped, [0, 2, 1, 3]), [B, T, G * (rows / T) * Dh]);
}
