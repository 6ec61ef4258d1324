// Shared by the fused-block tests (unit on cpu, test/webgpu on Dawn): one parallel block's value and gradients by the
// fused projections (core/model/model.ts) and by the unfused math of docs/palm.md §1, from the same documented tensors.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../core/config';
import { disposeParams, paramsFromTensors, splitFused, type Params } from '../core/model';
import { makeDropout } from '../core/model/dropout';
import { attention, block, mlp, norm, type BlockContext } from '../core/model/model';
import { ropeTables } from '../core/ops/rope';

/** The unfused parallel block: separate projections, the branch outputs summed. */
function unfusedBlock(params: Params, i: number, m: ModelConfig, x: tf.Tensor2D, ctx: BlockContext): tf.Tensor2D {
  const h = norm(params, `blocks.${i}.norm1`, m, x); // [B*T, D]
  return tf.addN([x, attention(params, i, m, h, ctx), mlp(params, `blocks.${i}.mlp`, m, h)]) as tf.Tensor2D;
}

export interface BlockResult {
  /** Σ y ⊙ w for fixed random w [B*T, D]: every output weighted differently, so no gradient cancels by symmetry. */
  value: number;
  /** The gradient of each of block 0's documented parameters (fused ones split back). */
  grads: Record<string, Float32Array>;
  /** tf.memory().numTensors after minus before the pass. */
  leaked: number;
}

/**
 * Block 0 of the one-layer model m on x ~ N(0, 1) [B*T, D], from documented tensors (the caller keeps them): fused
 * (the model's own layout) or unfused (a variable per documented tensor).
 */
export async function blockGrads(
  m: ModelConfig,
  tensors: Record<string, tf.Tensor>,
  B: number,
  fused: boolean,
): Promise<BlockResult> {
  const T = m.seqLen;
  const params: Params = fused
    ? paramsFromTensors(m, tensors)
    : Object.fromEntries(Object.entries(tensors).map(([n, t]) => [n, tf.variable(t, true, `unfused${nextId++}/${n}`)]));
  const own = Object.entries(params).filter(([n]) => n.startsWith('blocks.0.'));
  const before = tf.memory().numTensors;
  const { value, grads } = tf.tidy(() => {
    const ctx: BlockContext = {
      B,
      T,
      dropout: makeDropout(0, false),
      rope:
        m.position === 'rope'
          ? { q: ropeTables(T, m.headDim, 0, 1 / Math.sqrt(m.headDim)), k: ropeTables(T, m.headDim) }
          : null,
    };
    const x = tf.randomNormal([B * T, m.dModel], 0, 1, 'float32', 5) as tf.Tensor2D;
    const w = tf.randomNormal([B * T, m.dModel], 0, 1, 'float32', 9);
    const f = fused ? block : unfusedBlock;
    const out = tf.variableGrads(
      () => tf.sum(tf.mul(f(params, 0, m, x, ctx), w)) as tf.Scalar,
      own.map(([, v]) => v),
    );
    const byName = Object.fromEntries(own.map(([n, v]) => [n, out.grads[v.name]!]));
    return { value: out.value, grads: fused ? splitFused(m, byName) : byName };
  });
  const result: BlockResult = { value: (await value.data())[0]!, grads: {}, leaked: 0 };
  for (const [n, g] of Object.entries(grads)) result.grads[n] = (await g.data()) as Float32Array;
  tf.dispose([value, ...Object.values(grads)]);
  result.leaked = tf.memory().numTensors - before;
  disposeParams(params);
  return result;
}

let nextId = 0;

/** max |a - b| over the entries of two equal-length arrays. */
export function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
