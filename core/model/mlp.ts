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

/** The MLP's hidden layer from its input projections up, gate [B*T, F] (gate: SwiGLU only) -> [B*T, F]. */
export function mlpHidden(m: ModelConfig, up: tf.Tensor2D, gate: tf.Tensor2D | null): tf.Tensor2D {
  switch (m.activation) {
    case 'swiglu':
      if (gate === null) throw new Error('mlpHidden: SwiGLU needs its gate projection');
      return swiglu(gate, up);
    case 'gelu':
      return geluTanh(up);
    case 'relu':
      return tf.relu(up);
  }
}

/** The MLP of block `prefix` with its own projections on normalised x [B*T, D] -> [B*T, D] (serial). */
export function mlp(params: Params, prefix: string, m: ModelConfig, x: tf.Tensor2D): tf.Tensor2D {
  const b = (name: string) => (m.bias ? `${prefix}.${name}` : null);
  const up = dense(params, x, `${prefix}.w_up`, b('b_up')); // [B*T, F]
  const gate = m.activation === 'swiglu' ? dense(params, x, `${prefix}.w_gate`, b('b_gate')) : null; // [B*T, F]
  return dense(params, mlpHidden(m, up, gate), `${prefix}.w_down`, b('b_down'));
}
