// The parallel block's fused projections in memory: w_in = [Wq | Wk | Wv | Wgate | Wup], w_out = [Wo ; Wdown]
// (fused-layout.ts). Checkpoints keep the documented names (docs/design.md §2): joined on load, split on save.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { allFusedTensors } from '../config/fused-layout';

/**
 * Documented tensors -> the in-memory layout: each fused tensor is the concat of its pieces, the rest pass through.
 * New tensors are made only for the fused ones; the caller keeps ownership of `tensors`.
 */
export function joinFused(m: ModelConfig, tensors: Record<string, tf.Tensor>): Record<string, tf.Tensor> {
  const out = { ...tensors };
  for (const f of allFusedTensors(m)) {
    const parts = f.pieces.map((piece) => {
      const t = out[piece.name];
      if (t === undefined) throw new Error(`joinFused: ${f.name} needs ${piece.name}, which is missing`);
      return t;
    });
    for (const piece of f.pieces) delete out[piece.name];
    out[f.name] = tf.concat(parts, f.axis);
  }
  return out;
}

/**
 * The in-memory layout -> documented tensors (checkpoints, per-name tests): each fused tensor is split back into its
 * pieces (new tensors, the caller disposes them), the rest pass through. Works on any record keyed by parameter
 * names, so gradients split the same way.
 */
export function splitFused(m: ModelConfig, tensors: Record<string, tf.Tensor>): Record<string, tf.Tensor> {
  const out = { ...tensors };
  for (const f of allFusedTensors(m)) {
    const t = out[f.name];
    if (t === undefined) throw new Error(`splitFused: ${f.name} is missing`);
    delete out[f.name];
    const parts = tf.split(
      t,
      f.pieces.map((piece) => piece.size),
      f.axis,
    );
    f.pieces.forEach((piece, j) => (out[piece.name] = parts[j] as tf.Tensor));
  }
  return out;
}
