// The calibrated peak of docs/palm.md §3, the denominator of MFU when the user gives no nominal peak: the best
// sustained rate of plain square matmuls, sizes grown until the rate stops rising or a time budget is spent
// (docs/benchmarks.md, Method).
import * as tf from '@tensorflow/tfjs-core';
import { median } from '../metrics/median';

/** The one set of sizes every backend grows through; a slow backend stops early on the budget, a GPU goes far. */
export const CALIBRATION_SIZES: readonly number[] = [256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192];
/** Wall time the growth may spend, warm-ups included: a first run must start in seconds on any device. */
export const CALIBRATION_BUDGET_MS = 2000;

/** One size's matmul, prepared once (its operands allocated) and then run as often as asked. */
export interface PreparedMatmul {
  /** One [n, n] @ [n, n] product, resolved once its result is known to be computed. */
  run(): Promise<void>;
  dispose(): void;
}

export interface CalibrationOptions {
  sizes?: readonly number[];
  budgetMs?: number;
  /** Timed samples per size after one warm-up; the size's rate is their median. */
  repeats?: number;
  /**
   * A sample repeats the product until this much time has passed, so a small size is timed over a sustained
   * stretch, not over one lucky slice of a loaded CPU (a 256² product takes ~3 ms on wasm).
   */
  minSampleMs?: number;
  /** A size must beat the best rate so far by this fraction to count as a gain. */
  minGain?: number;
  /** Growth stops after this many sizes in a row without a gain. */
  patience?: number;
  now?: () => number;
  /** The matmul to time; the backend's tf.matMul unless a test injects a fake. */
  prepare?: (n: number) => PreparedMatmul;
  /** Polled between products: true ends the calibration at once (a run stopped during start-up). */
  shouldStop?: () => boolean;
}

export type CalibrationEnd = 'plateau' | 'budget' | 'sizes' | 'stopped';

export interface Calibration {
  /** The best size's median FLOP/s; 0 only when stopped before any product was timed. */
  peakFlopsPerSec: number;
  bestSize: number;
  backend: string;
  /** Each timed size's median FLOP/s, in the order grown. */
  samples: { size: number; flopsPerSec: number }[];
  /** Why the growth ended. */
  endedBy: CalibrationEnd;
  elapsedMs: number;
  budgetMs: number;
}

/** The backend's own matmul; reading one element forces the whole product on every backend (a GPU queue drains in order). */
export function prepareTfMatmul(n: number): PreparedMatmul {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1) as tf.Tensor2D; // [n, n]
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2) as tf.Tensor2D; // [n, n]
  return {
    async run() {
      const c = tf.matMul(a, b); // [n, n]
      const probe = tf.slice(c, [0, 0], [1, 1]); // [1, 1]
      await probe.data();
      tf.dispose([c, probe]);
    },
    dispose: () => tf.dispose([a, b]),
  };
}

const flopsOf = (n: number) => 2 * n * n * n;

/**
 * Grow through `sizes`: warm each size up, time `repeats` samples (each ≥ minSampleMs of products), keep their median. Stop when `patience` sizes
 * in a row gain less than `minGain` over the best (the backend is full), when the next size would not fit in what is
 * left of the budget at the rate seen so far (a slow device stops after its first sizes), or when asked to.
 */
export async function calibratePeak(opts: CalibrationOptions = {}): Promise<Calibration> {
  const sizes = opts.sizes ?? CALIBRATION_SIZES;
  const budgetMs = opts.budgetMs ?? CALIBRATION_BUDGET_MS;
  const repeats = opts.repeats ?? 3;
  const minSampleMs = opts.minSampleMs ?? 50;
  const minGain = opts.minGain ?? 0.03;
  const patience = opts.patience ?? 2;
  const now = opts.now ?? (() => performance.now());
  const prepare = opts.prepare ?? prepareTfMatmul;
  const stopped = opts.shouldStop ?? (() => false);
  if (sizes.length === 0 || !(repeats >= 1) || !(budgetMs > 0)) {
    throw new Error(
      `calibratePeak needs at least one size, one repeat and a budget > 0 (got ${sizes.length}, ${repeats}, ${budgetMs})`,
    );
  }
  const start = now();
  const elapsed = () => now() - start;
  const samples: Calibration['samples'] = [];
  let best = { size: 0, flopsPerSec: 0 };
  let misses = 0;
  let endedBy: CalibrationEnd = 'sizes';
  grow: for (const n of sizes) {
    if (stopped()) {
      endedBy = 'stopped';
      break;
    }
    // Predicted cost of this size (warm-up + samples) at the best rate so far; the first size is always tried.
    const productMs = best.flopsPerSec > 0 ? (flopsOf(n) * 1000) / best.flopsPerSec : 0;
    if (best.flopsPerSec > 0 && elapsed() + productMs + repeats * Math.max(productMs, minSampleMs) > budgetMs) {
      endedBy = 'budget';
      break;
    }
    const matmul = prepare(n);
    const rates: number[] = [];
    try {
      await matmul.run(); // warm-up: compiles shaders / pages the kernel in
      for (let r = 0; r < repeats; r++) {
        if (stopped()) {
          endedBy = 'stopped';
          break grow;
        }
        // Past the budget, the size ends with what it has (its first sample is always timed).
        if (r > 0 && elapsed() > budgetMs) break;
        const t0 = now();
        let products = 0;
        let ms = 0;
        do {
          await matmul.run();
          products++;
          ms = now() - t0;
        } while (ms < minSampleMs && !stopped());
        if (stopped()) {
          endedBy = 'stopped';
          break grow;
        }
        rates.push((products * flopsOf(n) * 1000) / Math.max(ms, 1e-3));
      }
    } finally {
      matmul.dispose();
    }
    const rate = median(rates) as number; // at least one product was timed
    samples.push({ size: n, flopsPerSec: rate });
    if (rate > best.flopsPerSec * (1 + minGain)) misses = 0;
    else misses++;
    if (rate > best.flopsPerSec) best = { size: n, flopsPerSec: rate };
    if (misses >= patience) {
      endedBy = 'plateau';
      break;
    }
    if (elapsed() > budgetMs) {
      endedBy = 'budget';
      break;
    }
  }
  return {
    peakFlopsPerSec: best.flopsPerSec,
    bestSize: best.size,
    backend: tf.getBackend(),
    samples,
    endedBy,
    elapsedMs: elapsed(),
    budgetMs,
  };
}

const cache = new Map<string, Calibration>();

/**
 * The calibration of one device (backend + adapter), measured once per session (a worker's lifetime) and then
 * reused. A calibration ended by a stop is returned but not kept: it measured too little.
 */
export async function calibrateDevice(deviceKey: string, opts: CalibrationOptions = {}): Promise<Calibration> {
  const kept = cache.get(deviceKey);
  if (kept) return kept;
  const cal = await calibratePeak(opts);
  if (cal.endedBy !== 'stopped') cache.set(deviceKey, cal);
  return cal;
}
