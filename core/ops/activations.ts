// The MLP's activations (docs/palm.md §1 "activation"): SwiGLU's gate with a hand-written gradient (autodiff of
// g * sigmoid(g) * u saves 5 tensors and runs ~12 kernels backward; this saves 3 and runs 6), and GELU's tanh form.
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

/** gate, up [N, F] -> swish(gate) ⊙ up [N, F], swish(g) = g * sigmoid(g). */
export const swiglu = customOp<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>((g, u, save) => {
  const sig = tf.sigmoid(g); // [N, F]
  const swish = tf.mul(g, sig); // [N, F]
  save([sig, swish, u]);
  return {
    value: tf.mul(swish, u), // [N, F]
    // swish'(g) = sig + g sig (1 - sig) = sig + swish (1 - sig); du = dy ⊙ swish.
    gradFunc: (dy, [s, sw, su]) => [
      tf.mul(tf.mul(dy, su as tf.Tensor), tf.add(s as tf.Tensor, tf.mul(sw as tf.Tensor, tf.sub(1, s as tf.Tensor)))), // [N, F]
      tf.mul(dy, sw as tf.Tensor), // [N, F]
    ],
  };
});

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export function geluTanh(x: tf.Tensor2D): tf.Tensor2D {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
