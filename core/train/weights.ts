// The bridge between live parameters (tf.Variables) and checkpoint tensors (plain Float32Arrays, docs/design.md §2).
import * as tf from '@tensorflow/tfjs-core';
import type { TensorData } from '../checkpoint/safetensors';
import type { ModelConfig } from '../config/schema';
import { paramsFromTensors, type Params } from '../model';

/** Read every tensor back from the backend (one await per tensor, all issued at once). */
export async function readTensors(tensors: Record<string, tf.Tensor>): Promise<Record<string, TensorData>> {
  const names = Object.keys(tensors);
  const data = await Promise.all(names.map((n) => tensors[n]!.data() as Promise<Float32Array>));
  return Object.fromEntries(names.map((n, i) => [n, { shape: tensors[n]!.shape.slice(), data: data[i]! }]));
}

/** Fresh variables holding `weights`, checked against the model config. */
export function paramsFromWeights(m: ModelConfig, weights: Record<string, TensorData>): Params {
  const tensors = Object.fromEntries(
    Object.entries(weights).map(([n, w]) => [n, tf.tensor(w.data, w.shape, 'float32')]),
  );
  try {
    return paramsFromTensors(m, tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
