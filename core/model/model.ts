// The PaLM forward pass (docs/palm.md §1), top to bottom as nanoGPT's model.py: token embedding (+ learned positions),
// nLayers blocks — parallel y = x + Attn(N(x)) + MLP(N(x)) or serial — with causal MHA/MQA/GQA attention (RoPE or
// learned positions) and a SwiGLU/GELU/ReLU MLP, the final norm, and the tied or untied output head. The residual
// stream stays [B*T, D] so every projection is a plain 2-D matmul. The ops are kernels() (core/kernels, one per backend)
// and core/ops' closed forms; parameters are params.ts', decoding's KV cache is decode.ts'.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { kernels } from '../kernels';
import {
  customOp,
  gatherRows,
  geluTanh,
  groupHeads,
  ropeQKTables,
  ungroupHeads,
  type Columns,
  type RopeQK,
} from '../ops';
import { makeDropout, type Dropout } from './dropout';
import { fusedTensors } from '../config/fused-layout';
import { param, type Params } from './params';

/** Sees each layer's masked attention logits [B*G, Tq*R, Tk] (diagnostics: core/train/diagnostics.ts). */
export type ScoresHook = (scores: tf.Tensor3D) => void;

/**
 * Decoding's attention of block `layer` over its KV cache (decode.ts keeps the cache), from the projections where
 * they lie: the parallel block hands its fused z once for all three, since splitting it would cost a launch a piece.
 * -> the heads' outputs [B*T, H*Dh].
 */
export type AttendCached = (
  layer: number,
  qkv: { q: Columns; k: Columns; v: Columns },
  ctx: BlockContext,
) => tf.Tensor2D;

export interface ForwardOptions {
  /** Dropout is active only when training and m.dropout > 0. */
  training: boolean;
  /** Makes the dropout masks reproducible; unseeded masks otherwise. */
  dropoutSeed?: number;
  /** Sees every layer's attention logits (stability diagnostics). */
  onScores?: ScoresHook;
}

/** tokens [B, T] int32 -> logits [B, T, V] float32. Intermediates are freed; gradients flow to the variables. */
export function forward(params: Params, m: ModelConfig, tokens: tf.Tensor2D, opts: ForwardOptions): tf.Tensor3D {
  return tf.tidy(() =>
    decoderPass(params, m, tokens, {
      dropout: makeDropout(m.dropout, opts.training, opts.dropoutSeed),
      offset: 0,
      onScores: opts.onScores,
    }),
  );
}

export interface PassOptions {
  dropout: Dropout;
  /** Absolute position of the first token: the KV cache's length when decoding, else 0. */
  offset: number;
  /** The KV cache's attention; absent, the pass attends over its own tokens only. */
  attendCached?: AttendCached;
  onScores?: ScoresHook;
}

/** What every block of one pass shares. */
export interface BlockContext {
  B: number;
  /** Query positions in this pass. */
  T: number;
  /** RoPE's tables for the T positions (the query's scaled by 1/sqrt(Dh)) when position is "rope", else null. */
  rope: RopeQK | null;
  dropout: Dropout;
  attendCached?: AttendCached;
  onScores?: ScoresHook;
}

/**
 * The body shared by forward() and decodeStep(): tokens [B, T] int32 at positions offset .. offset + T - 1 ->
 * logits [B, T, V]. Not tidied: the caller runs it inside tf.tidy.
 */
export function decoderPass(params: Params, m: ModelConfig, tokens: tf.Tensor2D, opts: PassOptions): tf.Tensor3D {
  if (tokens.dtype !== 'int32') throw new Error(`forward: tokens must be int32 (got ${tokens.dtype})`);
  const [B, T] = tokens.shape;
  const { dropout, offset } = opts;
  if (m.position === 'learned' && offset + T > m.maxPositions) {
    throw new Error(
      `forward: positions up to ${offset + T} exceed the learned position table (${m.maxPositions} rows)`,
    );
  }
  const D = m.dModel;
  const embed = param(params, 'embed') as tf.Tensor2D; // [V, D]
  let x = gatherRows(embed, tf.reshape(tokens, [B * T])); // [B*T, D]
  if (m.position === 'learned') {
    const pos = tf.slice(param(params, 'pos_embed'), [offset, 0], [T, D]); // [T, D]
    x = tf.reshape(tf.add(tf.reshape(x, [B, T, D]), pos), [B * T, D]);
  }
  x = dropout(x);

  const rope = m.position === 'rope' ? ropeQKTables(T, m.headDim, offset) : null;
  const ctx: BlockContext = { B, T, rope, dropout, attendCached: opts.attendCached, onScores: opts.onScores };
  for (let i = 0; i < m.nLayers; i++) x = block(params, i, m, x, ctx); // [B*T, D]
  x = norm(params, 'final_norm', m, x); // [B*T, D]

  // Tied: x @ embed^T / sqrt(D), scaling x (cheaper than scaling the logits); untied: x @ lm_head [D, V].
  const logits = m.tieEmbeddings
    ? kernels().matMulTransposeB(tf.mul(x, 1 / Math.sqrt(D)), embed)
    : kernels().matMul(x, param(params, 'lm_head') as tf.Tensor2D); // [B*T, V]
  return tf.reshape(logits, [B, T, m.vocabSize]);
}

// ---- The block (docs/palm.md §1 "block") ----

/** Block `i` on the residual stream x [B*T, D] -> [B*T, D]. */
export function block(params: Params, i: number, m: ModelConfig, x: tf.Tensor2D, ctx: BlockContext): tf.Tensor2D {
  if (m.block === 'parallel') return parallelBlock(params, i, m, x, ctx);
  // Serial: h = x + Attn(N1(x)); y = h + MLP(N2(h)). No fusion across the halves: N2's input needs Attn's output.
  const p = `blocks.${i}`;
  const { dropout } = ctx;
  const h: tf.Tensor2D = tf.add(x, dropout(attention(params, i, m, norm(params, `${p}.norm1`, m, x), ctx)));
  return tf.add(h, dropout(mlp(params, `${p}.mlp`, m, norm(params, `${p}.norm2`, m, h))));
}

/**
 * PaLM's parallel block y = x + Attn(N(x)) + MLP(N(x)) with ONE shared norm, as PaLM computes it: z = N(x) @ [Wq | Wk
 * | Wv | Wgate | Wup] (one matmul instead of 4-5), then [attn_out | mlp_hidden] @ [Wo ; Wdown] (one instead of 2),
 * which equals attn_out @ Wo + mlp_hidden @ Wdown (fused-layout.ts). Dropout (off in PaLM) applies once to the
 * branches' sum, the one tensor the fused product leaves.
 */
function parallelBlock(params: Params, i: number, m: ModelConfig, x: tf.Tensor2D, ctx: BlockContext): tf.Tensor2D {
  const p = `blocks.${i}`;
  const sizes = fusedTensors(m, i)[0]!.pieces.map((piece) => piece.size); // H·Dh, G·Dh, G·Dh, (F), F
  const h = norm(params, `${p}.norm1`, m, x); // [B*T, D]
  const z = dense(params, h, `${p}.fused.w_in`, m.bias ? `${p}.fused.b_in` : null); // [B*T, (H + 2G) Dh + (1|2) F]
  const { heads, hidden } = ctx.attendCached
    ? decodingBranches(i, m, z, sizes, ctx)
    : trainingBranches(i, m, z, sizes, ctx);
  const both = concatColumns(heads, hidden); // [B*T, H*Dh + F]
  let y = dense(params, both, `${p}.fused.w_out`, null); // [B*T, D]
  if (m.bias) y = tf.add(tf.add(y, param(params, `${p}.attn.bo`)), param(params, `${p}.mlp.b_down`));
  return tf.add(x, ctx.dropout(y));
}

/** The parallel block's attention heads [B*T, H*Dh] and MLP hidden [B*T, F] from z, split into its pieces. */
function trainingBranches(i: number, m: ModelConfig, z: tf.Tensor2D, sizes: number[], ctx: BlockContext) {
  const parts = kernels().splitColumns(z, sizes);
  const [q, k, v] = parts as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]; // [B*T, H*Dh], [B*T, G*Dh] x2
  const up = parts.at(-1)!; // [B*T, F]
  const gate = m.activation === 'swiglu' ? parts[3]! : null; // [B*T, F]
  return { heads: attendProjected(i, m, q, k, v, ctx), hidden: mlpHidden(m, up, gate) };
}

/**
 * The same while decoding: the cached attention reads q, k, v where they lie in z, and only the MLP's columns are
 * sliced out (each split piece is a launch, and a decoded token is a few dozen launches in all).
 */
function decodingBranches(i: number, m: ModelConfig, z: tf.Tensor2D, sizes: number[], ctx: BlockContext) {
  const starts = sizes.map((_, j) => sizes.slice(0, j).reduce((sum, size) => sum + size, 0));
  const [q, k, v] = starts.map((col) => ({ x: z, col })) as [Columns, Columns, Columns];
  const rows = z.shape[0];
  const columns = (j: number) => tf.slice(z, [0, starts[j]!], [rows, sizes[j]!]); // [B*T, F]
  const gate = m.activation === 'swiglu' ? columns(3) : null;
  return { heads: ctx.attendCached!(i, { q, k, v }, ctx), hidden: mlpHidden(m, columns(sizes.length - 1), gate) };
}

/** cat(a, b) along columns whose gradient is the kernels' column split (tf.concat's is SplitV: slow on wasm). */
function concatColumns(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const sizes = [a.shape[1], b.shape[1]];
  return customOp<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>((x, y) => ({
    value: tf.concat([x, y], 1), // [N, a + b]
    gradFunc: (dy) => kernels().splitColumns(dy as tf.Tensor2D, sizes),
  }))(a, b);
}

// ---- Attention (docs/palm.md §1 "attention"): H query heads, G = kvHeads K/V heads (MQA: 1, PaLM; GQA; MHA: H) ----

/** The attention branch of block `layer` with its own projections on normalised x [B*T, D] -> [B*T, D] (serial). */
export function attention(
  params: Params,
  layer: number,
  m: ModelConfig,
  x: tf.Tensor2D,
  ctx: BlockContext,
): tf.Tensor2D {
  const prefix = `blocks.${layer}.attn`;
  const b = (name: string) => (m.bias ? `${prefix}.${name}` : null);
  const q = dense(params, x, `${prefix}.wq`, b('bq')); // [B*T, H*Dh]
  const k = dense(params, x, `${prefix}.wk`, b('bk')); // [B*T, G*Dh]
  const v = dense(params, x, `${prefix}.wv`, b('bv')); // [B*T, G*Dh]
  return dense(params, attendProjected(layer, m, q, k, v, ctx), `${prefix}.wo`, b('bo')); // [B*T, D]
}

/**
 * Causal attention over projected q [B*T, H*Dh], k, v [B*T, G*Dh] of block `layer` -> the heads' outputs [B*T, H*Dh],
 * before the output projection. Query head h reads K/V head floor(h / R), R = H / G; scores q k^T / sqrt(Dh), the
 * scale folded into q (into RoPE's query tables when there are any: free).
 */
function attendProjected(
  layer: number,
  m: ModelConfig,
  q2: tf.Tensor2D,
  k2: tf.Tensor2D,
  v2: tf.Tensor2D,
  ctx: BlockContext,
): tf.Tensor2D {
  const { B, T } = ctx;
  if (ctx.attendCached) {
    return ctx.attendCached(layer, { q: { x: q2, col: 0 }, k: { x: k2, col: 0 }, v: { x: v2, col: 0 } }, ctx);
  }
  const G = m.kvHeads;
  let q = tf.reshape(q2, [B, T, m.nHeads, m.headDim]) as tf.Tensor4D; // [B, T, H, Dh]
  let k = tf.reshape(k2, [B, T, G, m.headDim]) as tf.Tensor4D; // [B, T, G, Dh]
  const v = tf.reshape(v2, [B, T, G, m.headDim]) as tf.Tensor4D; // [B, T, G, Dh]
  if (ctx.rope) ({ q, k } = kernels().ropeQK(q, k, ctx.rope));
  else q = tf.mul(q, 1 / Math.sqrt(m.headDim));
  // The R query heads that share a K/V head fold into the rows: one [T·R, Dh] x [Dh, T] product per group.
  const R = m.nHeads / G;
  const out = kernels().causalAttention(groupHeads(q, G), groupHeads(k, G), groupHeads(v, G), {
    R,
    offset: 0,
    onScores: ctx.onScores,
  }); // [B*G, T*R, Dh]: softmax(q k^T + causal mask) v
  return tf.reshape(ungroupHeads(out, B, T), [B * T, m.nHeads * m.headDim]);
}

// ---- The MLP (docs/palm.md §1 "activation"): SwiGLU (swish(x Wg) ⊙ x Wu) Wd, or act(x Wu) Wd, GELU or ReLU ----

/** The MLP of block `prefix` with its own projections on normalised x [B*T, D] -> [B*T, D] (serial). */
export function mlp(params: Params, prefix: string, m: ModelConfig, x: tf.Tensor2D): tf.Tensor2D {
  const b = (name: string) => (m.bias ? `${prefix}.${name}` : null);
  const up = dense(params, x, `${prefix}.w_up`, b('b_up')); // [B*T, F]
  const gate = m.activation === 'swiglu' ? dense(params, x, `${prefix}.w_gate`, b('b_gate')) : null; // [B*T, F]
  return dense(params, mlpHidden(m, up, gate), `${prefix}.w_down`, b('b_down')); // [B*T, D]
}

/** The MLP's hidden layer [B*T, F] (F: config/derived.ts ffnDim) from its input projections up and gate (SwiGLU only). */
function mlpHidden(m: ModelConfig, up: tf.Tensor2D, gate: tf.Tensor2D | null): tf.Tensor2D {
  switch (m.activation) {
    case 'swiglu':
      if (gate === null) throw new Error('mlpHidden: SwiGLU needs its gate projection');
      return kernels().swiglu(gate, up);
    case 'gelu':
      return geluTanh(up);
    case 'relu':
      return tf.relu(up);
  }
}

// ---- Norms and projections ----

/**
 * LayerNorm or RMSNorm (docs/palm.md §1 "Norms") of each row of x [N, D] with `${prefix}.scale`: a scale always, a
 * shift (`${prefix}.bias`) only for LayerNorm with biases on; LayerNorm's variance is the population variance.
 */
export function norm(params: Params, prefix: string, m: ModelConfig, x: tf.Tensor2D): tf.Tensor2D {
  const scale = param(params, `${prefix}.scale`); // [D]
  const centred = m.norm === 'layernorm';
  const y = kernels().scaledNorm(x, scale, m.normEps, centred); // [N, D]
  return centred && m.bias ? (tf.add(y, param(params, `${prefix}.bias`)) as tf.Tensor2D) : y;
}

/**
 * x [N, in] @ W [in, out] (+ b [out]) -> [N, out] in the `x @ W` layout: a plain, untransposed 2-D matmul on purpose,
 * the fast path of the WASM backend (docs/design.md §3). `bias` is a parameter name, or null.
 */
function dense(params: Params, x: tf.Tensor2D, kernel: string, bias: string | null): tf.Tensor2D {
  const y = kernels().matMul(x, param(params, kernel) as tf.Tensor2D); // [N, out]
  return bias === null ? y : (tf.add(y, param(params, bias)) as tf.Tensor2D);
}
