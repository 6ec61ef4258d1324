// Non-finite weights (NaN, ±Inf) in a checkpoint: found and named before they are evaluated or trained on, so a
// broken file is an error that says where, not a loss of NaN.
import type { TensorData } from './safetensors';

export interface NonFinite {
  name: string;
  count: number;
  /** The first one. */
  index: number;
  value: number;
}

export function findNonFinite(tensors: Record<string, TensorData>): NonFinite | null {
  for (const [name, { data }] of Object.entries(tensors)) {
    let count = 0;
    let index = -1;
    for (let i = 0; i < data.length; i++) {
      if (Number.isFinite(data[i])) continue;
      if (count++ === 0) index = i;
    }
    if (count > 0) return { name, count, index, value: data[index]! }; // index < data.length once count > 0
  }
  return null;
}

export function describeNonFinite(f: NonFinite): string {
  return `checkpoint tensor "${f.name}" holds ${f.count.toLocaleString('en-US')} non-finite value${f.count === 1 ? '' : 's'} (${f.value} at index ${f.index})`;
}
