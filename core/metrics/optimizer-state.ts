// The analytic size of an optimizer's state (docs/palm.md §4 "Memory": AdamW 2 floats per parameter, factored
// Adafactor rows + cols per matrix, plus a first moment when beta1 is set). Pure: no TensorFlow.js.
import type { OptimizerConfig } from '../config/schema';

const FLOAT32_BYTES = 4;

/**
 * The two axes a factored second moment reduces over, in index order [a, b] (for a [rows, cols]
 * matrix: [0, 1]), or null when the moment is kept whole: factoring off, fewer than two axes, or the
 * second-largest axis below `minDimSizeToFactor` (optax `_factored_dims`; ties go to the later axis).
 */
export function factoredAxes(shape: number[], factored: boolean, minDimSizeToFactor: number): [number, number] | null {
  if (!factored || shape.length < 2) return null;
  const bySize = shape.map((_, i) => i).sort((i, j) => shape[i]! - shape[j]! || i - j);
  const [second, largest] = bySize.slice(-2) as [number, number]; // shape.length >= 2
  if (shape[second]! < minDimSizeToFactor) return null;
  return second < largest ? [second, largest] : [largest, second];
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Bytes of optimizer state (the slot variables) for parameters of these shapes, float32. The step count
 * is a JS number, not a tensor, so it is not counted.
 */
export function optimizerStateBytes(cfg: OptimizerConfig, paramShapes: number[][]): number {
  let floats = 0;
  for (const shape of paramShapes) {
    const n = sizeOf(shape);
    if (cfg.name === 'adamw') {
      floats += 2 * n;
      continue;
    }
    const axes = factoredAxes(shape, cfg.factored, cfg.minDimSizeToFactor);
    // Factored: one moment with axis b removed (vr) and one with axis a removed (vc).
    floats += axes == null ? n : n / shape[axes[1]]! + n / shape[axes[0]]!;
    if (cfg.beta1 != null) floats += n;
  }
  return floats * FLOAT32_BYTES;
}
