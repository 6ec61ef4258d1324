// One transformer block (docs/palm.md §1 "block"): PaLM's parallel form y = x + Attn(N(x)) + MLP(N(x)) with ONE shared
// norm, computed as PaLM does with one fused input and one fused output projection (fused-layout.ts), or the serial
// form h = x + Attn(N1(x)); y = h + MLP(N2(h)).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { kernels } from '../kernels';
import { attendProjected, attention, type AttentionContext } from './attention';
import { customOp } from './custom-grad';
import { dense } from './dense';
import type { Dropout } from './dropout';
import type { Columns } from './cached-attention';
import { fusedTensors, type FusedPiece } from './fused-layout';
import { mlp, mlpHidden } from './mlp';
import { norm } from './norm';
import { param, type Params } from './params';

/** cat(a, b) along columns whose gradient is the kernels' column split (tf.concat's is SplitV: slow on wasm). */
const concatColumns = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D => {
  const sizes = [a.shape[1], b.shape[1]];
  return customOp<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>((x, y) => ({
    value: tf.concat([x, y], 1), // [N, a + b]
    gradFunc: (dy) => kernels().splitColumns(dy as tf.Tensor2D, sizes),
  }))(a, b);
};

export interface BlockContext extends AttentionContext {
  dropout: Dropout;
}

/**
 * The parallel block on x [B*T, D]: z = N(x) @ [Wq | Wk | Wv | Wgate | Wup] (one matmul instead of 4-5), then
 * [attn_out | mlp_hidden] @ [Wo ; Wdown] (one instead of 2), which equals attn_out @ Wo + mlp_hidden @ Wdown.
 * Dropout (off in PaLM) applies once to the branches' sum, the one tensor the fused product leaves.
 */
function parallelBlock(params: Params, i: number, m: ModelConfig, x: tf.Tensor2D, ctx: BlockContext): tf.Tensor2D {
  const p = `blocks.${i}`;
  const [wIn] = fusedTensors(m, i);
  const h = norm(params, `${p}.norm1`, m, x); // [B*T, D]
  const z = dense(params, h, `${p}.fused.w_in`, m.bias ? `${p}.fused.b_in` : null); // [B*T, (H + 2G) Dh + (1|2) F]
  const { heads, hidden } = ctx.attendCached
    ? decodingBranches(i, m, z, wIn!.pieces, ctx)
    : trainingBranches(i, m, z, wIn!.pieces, ctx);
  const both = concatColumns(heads, hidden); // [B*T, H*Dh + F]
  let y = dense(params, both, `${p}.fused.w_out`, null); // [B*T, D]
  if (m.bias) y = tf.add(tf.add(y, param(params, `${p}.attn.bo`)), param(params, `${p}.mlp.b_down`));
  return tf.add(x, ctx.dropout(y));
}

/** The parallel block's attention heads [B*T, H*Dh] and MLP hidden [B*T, F] from z, split into its pieces. */
function trainingBranches(i: number, m: ModelConfig, z: tf.Tensor2D, pieces: FusedPiece[], ctx: BlockContext) {
  const parts = kernels().splitColumns(
    z,
    pieces.map((piece) => piece.size),
  );
  const [q, k, v] = parts as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]; // [B*T, H*Dh], [B*T, G*Dh] x2
  const up = parts.at(-1)!; // [B*T, F]
  const gate = m.activation === 'swiglu' ? parts[3]! : null; // [B*T, F]
  return { heads: attendProjected(i, m, q, k, v, ctx), hidden: mlpHidden(m, up, gate) };
}

/**
 * The same while decoding: the cached attention reads q, k, v where they lie in z, and only the MLP's columns are
 * sliced out (each split piece is a launch, and a decoded token is a few dozen launches in all).
 */
function decodingBranches(i: number, m: ModelConfig, z: tf.Tensor2D, pieces: FusedPiece[], ctx: BlockContext) {
  const starts = pieces.map((_, j) => pieces.slice(0, j).reduce((sum, piece) => sum + piece.size, 0));
  const [q, k, v] = starts.map((col) => ({ x: z, col })) as [Columns, Columns, Columns];
  const rows = z.shape[0];
  const columns = (j: number) => tf.slice(z, [0, starts[j]!], [rows, pieces[j]!.size]); // [B*T, F]
  const gate = m.activation === 'swiglu' ? columns(3) : null;
  return { heads: ctx.attendCached!(i, { q, k, v }, ctx), hidden: mlpHidden(m, columns(pieces.length - 1), gate) };
}

/** Block `i` on the residual stream x [B*T, D] -> [B*T, D]. */
export function block(params: Params, i: number, m: ModelConfig, x: tf.Tensor2D, ctx: BlockContext): tf.Tensor2D {
  if (m.block === 'parallel') return parallelBlock(params, i, m, x, ctx);
  // Serial: no fusion across the halves, since the MLP's input N2(h) needs the attention's projected output first.
  const p = `blocks.${i}`;
  const { dropout } = ctx;
  const h: tf.Tensor2D = tf.add(x, dropout(attention(params, i, m, norm(params, `${p}.norm1`, m, x), ctx)));
  return tf.add(h, dropout(mlp(params, `${p}.mlp`, m, norm(params, `${p}.norm2`, m, h))));
}
