// The MLP branch (docs/palm.md §1 "activation"): SwiGLU (swish(x Wg) * (x Wu)) Wd (swiglu.ts), or act(x Wu) Wd with GELU (tanh
// approximation) or ReLU; width F from config/derived.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { dense } from './dense';
import type { Params } from './params';
import { swiglu } from './swiglu';

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export function geluTanh(x: tf.Tensor2D): tf.Tensor2D {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** The MLP of block `prefix` on normalised x [B*T, D] -> [B*T, D]. */
export function mlp(params: Params, prefix: string, m: ModelConfig, x: tf.Tensor2D): tf.Tensor2D {
  const b = (name: string) => (m.bias ? `${prefix}.${name}` : null);
  const up = dense(params, x, `${prefix}.w_up`, b('b_up')); // [B*T, F]
  let hidden: tf.Tensor2D;
  switch (m.activation) {
    case 'swiglu':
      hidden = swiglu(dense(params, x, `${prefix}.w_gate`, b('b_gate')), up); // [B*T, F]
      break;
    case 'gelu':
      hidden = geluTanh(up);
      break;
    case 'relu':
      hidden = tf.relu(up);
      break;
  }
  return dense(params, hidden, `${prefix}.w_down`, b('b_down'));
}
