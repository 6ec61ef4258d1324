// A log interval -> one MetricPoint (docs/design.md §3 "read the loss back once per logging interval"): per-step stats
// averaged over the steps since the last point, throughput from the interval's wall time. Pure functions.
import { mfu } from '../metrics/flops';
import type { Diagnostics } from './diagnostics';
import type { MetricPoint, PeakFlops } from '../record';
import { STEP_STATS } from './step';

export interface IntervalStats {
  /** Steps in the interval. */
  steps: number;
  /** Means over those steps. */
  ce: number;
  zLoss: number;
  gradNorm: number;
}

/** Index (0-based, within the interval) of the first step whose loss (ce or z-loss) is NaN or ±Inf, or -1. */
export function findNonFiniteStep(stats: Float32Array): number {
  for (let i = 0; i * STEP_STATS < stats.length; i++) {
    if (!Number.isFinite(stats[i * STEP_STATS]) || !Number.isFinite(stats[i * STEP_STATS + 1])) return i;
  }
  return -1;
}

/** "NaN" or "Infinity" for the loss of row `i`, for the divergence message. */
export function describeNonFinite(stats: Float32Array, i: number): string {
  const loss = stats[i * STEP_STATS]! + stats[i * STEP_STATS + 1]!;
  return Number.isNaN(loss) ? 'NaN' : String(loss);
}

/** Means of the first `steps` rows of [n, 3] stats. */
export function averageStats(stats: Float32Array, steps: number): IntervalStats {
  let ce = 0;
  let zLoss = 0;
  let gradNorm = 0;
  for (let i = 0; i < steps; i++) {
    ce += stats[i * STEP_STATS]!;
    zLoss += stats[i * STEP_STATS + 1]!;
    gradNorm += stats[i * STEP_STATS + 2]!;
  }
  return { steps, ce: ce / steps, zLoss: zLoss / steps, gradNorm: gradNorm / steps };
}

export interface PointInputs {
  step: number;
  stats: IntervalStats;
  /** Tokens per step: batchSize · seqLen. */
  tokensPerStep: number;
  /** Wall time of the interval's steps, pauses excluded. */
  intervalMs: number;
  wallMs: number;
  lr: number;
  flopsPerToken: number;
  peak: PeakFlops | null;
  paramBytes: number;
  optimizerStateBytes: number;
  peakBytes: number;
  numTensors: number;
  valLoss?: number;
  diagnostics?: Diagnostics;
}

export function buildMetricPoint(p: PointInputs): MetricPoint {
  const stepMs = p.intervalMs / p.stats.steps;
  // A timer coarser than the interval could read 0 ms; a floor keeps tokens/s finite.
  const tokensPerSec = (p.tokensPerStep * 1000) / Math.max(stepMs, 1e-3);
  const flopsPerSec = tokensPerSec * p.flopsPerToken;
  return {
    step: p.step,
    tokens: p.step * p.tokensPerStep,
    wallMs: p.wallMs,
    trainLoss: p.stats.ce,
    zLoss: p.stats.zLoss,
    ...(p.valLoss === undefined ? {} : { valLoss: p.valLoss }),
    gradNorm: p.stats.gradNorm,
    lr: p.lr,
    stepMs,
    tokensPerSec,
    flopsPerSec,
    mfu: p.peak
      ? mfu({ tokensPerSec, flopsPerToken: p.flopsPerToken, chips: 1, peakFlopsPerSec: p.peak.flopsPerSec })
      : null,
    paramBytes: p.paramBytes,
    optimizerStateBytes: p.optimizerStateBytes,
    peakBytes: p.peakBytes,
    numTensors: p.numTensors,
    ...(p.diagnostics ?? {}),
  };
}
