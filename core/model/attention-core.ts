// The core of attention, softmax(q k^T + mask) v over [n, rows, Dh] groups, plain and with a hand-written gradient:
// autodiff keeps the raw scores, the masked scores and the probabilities with a gradient of each until the step ends
// (48 MiB of the reference step; docs/benchmarks.md, What a step keeps); the closed form keeps the probabilities only,
// and the kernels' causalAttention (flash-style on webgpu) not even those.
import * as tf from '@tensorflow/tfjs-core';
import { kernels } from '../kernels';
import { customOp } from './custom-grad';

/** The plain form: q [n, M, Dh], k, v [n, Tk, Dh], mask [M, Tk] -> softmax(q k^T + mask) v [n, M, Dh]. */
export function attentionCorePlain(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor3D {
  const { batchMatMul } = kernels();
  return batchMatMul(tf.softmax(tf.add<tf.Tensor3D>(batchMatMul(q, k, true), mask)), v, false);
}

/**
 * The attention core of training: with R (mask = causalMask(Tq, Tk, R)) and no `onScores`, the kernels'
 * causalAttention (one fused kernel each way on webgpu: the [n, M, Tk] probabilities are never made); otherwise
 * the closed form below, which makes the masked scores the diagnostics read.
 */
export function attentionCore(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  mask: tf.Tensor2D,
  onScores?: (scores: tf.Tensor3D) => void,
  R?: number,
): tf.Tensor3D {
  if (R !== undefined && !onScores) return kernels().causalAttention(q, k, v, mask, R); // [n, M, Dh]
  return attentionCoreClosedForm(q, k, v, mask, onScores);
}

/**
 * attentionCorePlain with its closed-form gradient (p = probabilities, dO the output's gradient):
 * dP = dO v^T, dS = p ⊙ (dP - Σ_keys dP ⊙ p), dq = dS k, dk = dS^T q, dv = p^T dO. The mask is a constant; `onScores`
 * sees the masked scores [n, M, Tk] (diagnostics) before they are freed.
 */
export function attentionCoreClosedForm(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  mask: tf.Tensor2D,
  onScores?: (scores: tf.Tensor3D) => void,
): tf.Tensor3D {
  return customOp<[tf.Tensor3D, tf.Tensor3D, tf.Tensor3D], tf.Tensor3D>((sq, sk, sv, save) => {
    const { batchMatMul } = kernels();
    const scores = tf.add<tf.Tensor3D>(batchMatMul(sq, sk, true), mask); // [n, M, Tk]
    onScores?.(scores);
    const probs = tf.softmax(scores); // [n, M, Tk]
    save([sq, sk, sv, probs]);
    return {
      value: batchMatMul(probs, sv, false), // [n, M, Dh]
      gradFunc: (dy, saved) => {
        const [q0, k0, v0, p] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
        const dO = dy as tf.Tensor3D;
        const dP = batchMatMul(dO, v0, true); // [n, M, Tk]
        const dS = tf.mul(p, tf.sub(dP, tf.sum(tf.mul(dP, p), -1, true))) as tf.Tensor3D; // [n, M, Tk]
        const dSt = tf.transpose(dS, [0, 2, 1]); // [n, Tk, M]
        return [
          batchMatMul(dS, k0, false), // [n, M, Dh]
          batchMatMul(dSt, q0, false), // [n, Tk, Dh]
          batchMatMul(tf.transpose(p, [0, 2, 1]), dO, false), // [n, Tk, Dh]
        ];
      },
    };
  })(q, k, v);
}
