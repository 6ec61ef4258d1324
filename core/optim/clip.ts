// Global-norm gradient clipping (docs/palm.md §4: PaLM clips at 1.0), as optax.clip_by_global_norm:
// every gradient is scaled by maxNorm / max(norm, maxNorm), so directions are kept and small steps untouched.
import * as tf from '@tensorflow/tfjs-core';
import { kernels } from '../kernels';

/**
 * The global L2 norm of all gradients and the gradients rescaled to at most `maxNorm` (0 = no clipping).
 * Returns new tensors the caller owns and disposes; the input gradients are left as they are.
 */
export function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): { grads: Record<string, tf.Tensor>; norm: tf.Scalar } {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    // Σ g² per tensor, [] or [1] by backend (a fused launch on webgpu); the sum below takes either.
    const squares = names.map((n) => kernels().sumSquares(grads[n]!));
    // stack + sum, not addN: WebGPU's addN binds one storage buffer per input and Dawn allows only 8 per shader.
    const norm = squares.length > 0 ? (tf.sqrt(tf.sum(tf.stack(squares))) as tf.Scalar) : tf.scalar(0);
    const scale = maxNorm > 0 ? tf.div(maxNorm, tf.maximum(norm, maxNorm)) : null; // ≤ 1
    const clipped = Object.fromEntries(
      names.map((n) => [n, scale == null ? tf.clone(grads[n]!) : tf.mul(grads[n]!, scale)]),
    );
    return { grads: clipped, norm };
  });
}
