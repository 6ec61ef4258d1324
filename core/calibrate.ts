// The "calibrated peak" of docs/palm.md §3: the FLOP/s the current backend reaches on large plain matmuls, the
// denominator of MFU when the user gives no nominal peak. A median over sizes and repeats, after warm-up.
import * as tf from '@tensorflow/tfjs-core';
import { median } from './metrics/median';

export interface Calibration {
  /** Median FLOP/s over all timed matmuls. */
  peakFlopsPerSec: number;
  backend: string;
  /** Each size's median, for the record. */
  samples: { size: number; flopsPerSec: number }[];
}

/** Time one [n, n] @ [n, n] matmul, including the read-back that proves it finished. */
async function timeMatmul(a: tf.Tensor2D, b: tf.Tensor2D, now: () => number): Promise<number> {
  const start = now();
  const c = tf.matMul(a, b);
  // Reading one element forces the whole product on every backend (a GPU queue is drained in order).
  const probe = tf.slice(c, [0, 0], [1, 1]);
  await probe.data();
  const ms = now() - start;
  tf.dispose([c, probe]);
  return ms;
}

/**
 * Measure the backend's matmul throughput. Sizes default to ones a CPU backend finishes in well under a second;
 * a GPU caller passes larger ones (it needs them to fill the device).
 */
export async function calibratePeak(
  opts: { sizes?: number[]; repeats?: number; now?: () => number } = {},
): Promise<Calibration> {
  const sizes = opts.sizes ?? [256, 384, 512];
  const repeats = opts.repeats ?? 3;
  const now = opts.now ?? (() => performance.now());
  if (sizes.length === 0 || !(repeats >= 1)) throw new Error('calibratePeak needs at least one size and one repeat');
  const samples: { size: number; flopsPerSec: number }[] = [];
  const all: number[] = [];
  for (const n of sizes) {
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([n, n], 0, 1, 'float32', 2) as tf.Tensor2D;
    await timeMatmul(a, b, now); // warm-up: compiles shaders / pages in the kernel
    const rates: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const ms = await timeMatmul(a, b, now);
      rates.push((2 * n * n * n) / (Math.max(ms, 1e-3) / 1000));
    }
    tf.dispose([a, b]);
    samples.push({ size: n, flopsPerSec: median(rates) as number }); // repeats ≥ 1: never empty
    all.push(...rates);
  }
  return { peakFlopsPerSec: median(all) as number, backend: tf.getBackend(), samples };
}
