// Global-norm gradient clipping (docs/palm.md §4: PaLM clips at 1.0), as optax.clip_by_global_norm:
// every gradient is scaled by maxNorm / max(norm, maxNorm), so directions are kept and small steps untouched.
import * as tf from '@tensorflow/tfjs-core';
import { kernels } from '../kernels';

/**
 * The global L2 norm of all gradients and the factor maxNorm / max(norm, maxNorm) ≤ 1 that clips them (null when
 * maxNorm is 0: no clipping). The training step hands the factor to the optimizer, whose update kernels apply it.
 */
export function globalNormScale(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): { norm: tf.Scalar; scale: tf.Scalar | null } {
  // tf.tidy keeps only tensors it is handed, so the no-clipping case returns the norm alone.
  const kept = tf.tidy(() => {
    // Σ g² per tensor, [] or [1] by backend (a fused launch on webgpu); the sum below takes either.
    const squares = Object.values(grads).map((g) => kernels().sumSquares(g));
    // stack + sum, not addN: WebGPU's addN binds one storage buffer per input and Dawn allows only 8 per shader.
    const norm = squares.length > 0 ? (tf.sqrt(tf.sum(tf.stack(squares))) as tf.Scalar) : tf.scalar(0);
    return maxNorm > 0 ? { norm, scale: tf.div<tf.Scalar>(maxNorm, tf.maximum(norm, maxNorm)) } : { norm };
  }) as { norm: tf.Scalar; scale?: tf.Scalar };
  return { norm: kept.norm, scale: kept.scale ?? null };
}

/**
 * The global L2 norm of all gradients and the gradients rescaled to at most `maxNorm` (0 = no clipping), as optax
 * returns them: the plain form of what the training step gets from globalNormScale and the update kernels.
 * Returns new tensors the caller owns and disposes; the input gradients are left as they are.
 */
export function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): { grads: Record<string, tf.Tensor>; norm: tf.Scalar } {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const { norm, scale } = globalNormScale(grads, maxNorm);
    const clipped = Object.fromEntries(
      names.map((n) => [n, scale == null ? tf.clone(grads[n]!) : tf.mul(grads[n]!, scale)]),
    );
    return { grads: clipped, norm };
  });
}
