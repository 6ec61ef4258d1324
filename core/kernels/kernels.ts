// The backend-specific operations of the model and the optimizers, as one small interface: core/model and core/optim
// call these and nothing backend-specific; reference.ts is core/ops' closed forms, wasm/ and webgpu/ the fast paths.
import type * as tf from '@tensorflow/tfjs-core';
import type {
  AdafactorScalars,
  AdafactorState,
  AdamWScalars,
  AdamWState,
  CachedAttentionArgs,
  CachedAttentionResult,
  CausalLayout,
  LossParts,
  RopeQK,
} from '../ops';

/** Training's attention: the causal layout, and optionally a hook on the masked scores (diagnostics). */
export interface CausalAttentionOptions extends CausalLayout {
  /** Sees the masked scores [n, Tq·R, Tk]: a kernel that never makes them hands the call to the reference. */
  onScores?: (scores: tf.Tensor3D) => void;
}

export interface Kernels {
  /** Which backend these kernels were written for ('reference': any). */
  readonly name: string;
  /** a [M, K] @ b [K, N] -> [M, N]: every dense layer. */
  matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
  /** a [M, K] @ b^T for b [N, K] -> [M, N]: the tied output head (x @ embed^T). */
  matMulTransposeB(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
  /** a [n, M, K] @ b [n, K, N] -> [n, M, N], or @ b^T for b [n, N, K] when transposeB: attention's two products. */
  batchMatMul(a: tf.Tensor3D, b: tf.Tensor3D, transposeB: boolean): tf.Tensor3D;
  /**
   * Training's attention core softmax(q k^T + mask) v for q [n, Tq·R, Dh], k, v [n, Tk, Dh] -> [n, Tq·R, Dh],
   * differentiable in q, k and v; q comes scaled. The causal mask follows from { R, offset } (core/ops/attention.ts):
   * the reference builds it, a fused kernel computes it from positions and never makes the [n, Tq·R, Tk] probabilities.
   */
  causalAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, opts: CausalAttentionOptions): tf.Tensor3D;
  /**
   * One layer's attention while decoding (core/ops/cached-attention.ts): writes the new keys and values into the
   * layer's KV cache and attends the new queries over it, causally. No gradient: decoding does not train.
   */
  cachedAttention(args: CachedAttentionArgs): CachedAttentionResult;
  /** RoPE on a layer's q [B, T, H, Dh] and k [B, T, G, Dh] with their tables (core/ops/rope.ts applyRope). */
  ropeQK(q: tf.Tensor4D, k: tf.Tensor4D, tables: RopeQK): { q: tf.Tensor4D; k: tf.Tensor4D };
  /** x [N, C] -> pieces [N, sizes[i]] (Σ sizes = C), differentiable: the parallel block's fused projections. */
  splitColumns(x: tf.Tensor2D, sizes: number[]): tf.Tensor2D[];
  /** The loss of logits [N, V] at targets [N] int32: mean cross-entropy + coef · mean(log Z²) (core/ops/loss.ts). */
  crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, zLossCoef: number): LossParts;
  /** LayerNorm's (centred) or RMSNorm's normalisation of x [N, D] times the scale g [D] (core/ops/norm.ts). */
  scaledNorm(x: tf.Tensor2D, g: tf.Tensor, eps: number, centred: boolean): tf.Tensor2D;
  /** SwiGLU's gate swish(gate) ⊙ up for gate, up [N, F] (core/ops/activations.ts). */
  swiglu(gate: tf.Tensor2D, up: tf.Tensor2D): tf.Tensor2D;
  /** Σ x² as a tensor of one element ([] or [1]): global-norm clipping. */
  sumSquares(x: tf.Tensor): tf.Tensor;
  /**
   * AdamW's new parameter and moments for one tensor (core/ops/adamw-step.ts) from the gradient g ⊙ gradScale
   * (gradScale: one element, global-norm clipping's factor; null = g as it is).
   */
  adamwUpdate(
    param: tf.Tensor,
    g: tf.Tensor,
    m: tf.Tensor,
    v: tf.Tensor,
    s: AdamWScalars,
    gradScale: tf.Tensor | null,
  ): AdamWState;
  /**
   * Adafactor's new parameter and moments for one tensor with a whole second moment (core/ops/adafactor-step.ts),
   * from g ⊙ gradScale as in adamwUpdate.
   */
  adafactorUpdate(
    param: tf.Tensor,
    g: tf.Tensor,
    v: tf.Tensor,
    m: tf.Tensor | null,
    s: AdafactorScalars,
    gradScale: tf.Tensor | null,
  ): AdafactorState;
}
