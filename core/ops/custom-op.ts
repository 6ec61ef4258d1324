// tf.customGrad with exact types: the one place its cast lives. tfjs types the function with rest arguments and
// `any`; ours take exactly their input tensors, then `save`, and say what they return.
import * as tf from '@tensorflow/tfjs-core';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/** The forward of a custom op: its value, and the gradient of each input from dy and the tensors it saved. */
export interface CustomOp {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
}

/**
 * `f` as an op whose backward is f's own gradFunc. The inputs come first, `save` last (tfjs' calling convention).
 * `Out` is the value's shape type, asserted by the caller (TF.js does not track ranks through customGrad).
 */
export function customOp<In extends tf.Tensor[], Out extends tf.Tensor>(
  f: (...args: [...In, tf.GradSaveFunc]) => CustomOp,
): (...inputs: In) => Out {
  // The engine calls a custom gradFunc outside any tidy (tape.ts: only the per-input closures are tidied), so every
  // temporary of a backward (transposes, per-batch pieces) would live until the whole step's backward ends: tidy it.
  const tidied = (...args: [...In, tf.GradSaveFunc]): CustomOp => {
    const op = f(...args);
    return { value: op.value, gradFunc: (dy, saved) => tf.tidy(() => op.gradFunc(dy, saved)) };
  };
  return tf.customGrad(tidied as unknown as CustomGradFn) as unknown as (...inputs: In) => Out;
}
