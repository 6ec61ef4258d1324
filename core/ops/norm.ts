// LayerNorm's and RMSNorm's normalisation times the scale (docs/palm.md §1 "Norms") with a hand-written gradient:
// autodiff of the op chain saves 8 tensors and runs ~23 kernels backward per norm, the closed form 3 and 10 (kernel
// launches bound small steps on webgpu, docs/benchmarks.md).
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

/**
 * x [N, D] -> (x - mean) * rsqrt(var + eps) * g (LayerNorm, population variance), or x * rsqrt(mean(x^2) + eps) * g
 * when not centred (RMSNorm); the shift (LayerNorm with biases) is the caller's.
 */
export function scaledNorm(x: tf.Tensor2D, g: tf.Tensor, eps: number, centred: boolean): tf.Tensor2D {
  return customOp<[tf.Tensor2D, tf.Tensor], tf.Tensor2D>((t, scale, save) => {
    const c = centred ? tf.sub(t, tf.mean(t, -1, true)) : t; // [N, D]
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(c), -1, true), eps)); // [N, 1]
    const xhat = tf.mul(c, r); // [N, D]
    save([xhat, r, scale]);
    return {
      value: tf.mul(xhat, scale), // [N, D]
      // With xhat = c * r: dg = Σ_rows dy ⊙ xhat; dx = r (dxhat - mean(dxhat) - xhat mean(dxhat ⊙ xhat)), dxhat = dy ⊙ g;
      // RMSNorm lacks the mean(dxhat) term (nothing was subtracted).
      gradFunc: (dy, [sx, sr, sg]) => {
        const dxhat = tf.mul(dy, sg!); // [N, D]
        const proj = tf.mul(sx!, tf.mean(tf.mul(dxhat, sx!), -1, true)); // [N, D]
        const inner = centred ? tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), proj) : tf.sub(dxhat, proj); // [N, D]
        return [tf.mul(inner, sr!), tf.sum(tf.mul(dy, sx!), 0)]; // [N, D], [D]
      },
    };
  })(x, g);
}
