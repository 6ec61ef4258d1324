// A run's summary (docs/design.md §2 "Run record"), computed one way for the Trainer, the CLI and reports: what its
// logged points say (losses, median throughput, peak memory) and what its config says (sizes). Pure: no TensorFlow.js.
import type { Config } from '../config/schema';
import { modelParamSpecs } from '../config/shapes';
import type { MetricPoint, PeakFlops, RunSummary } from '../record/schema';
import { flopsPerToken } from './flops';
import { median } from './median';
import { kvCacheBytesPerToken, paramBytes } from './memory';
import { optimizerStateBytes } from './optimizer-state';
import { countParams } from './params';

/** What logged points alone tell; each figure null when no point says it (no points, no validation yet). */
export interface PointFigures {
  steps: number | null;
  tokens: number | null;
  wallMs: number | null;
  finalTrainLoss: number | null;
  /** The last validation loss logged, NaN included (a diverged evaluation is still the last one). */
  finalValLoss: number | null;
  /** The lowest finite validation loss. */
  bestValLoss: number | null;
  /** Medians over the logged intervals. */
  tokensPerSec: number | null;
  mfu: number | null;
  peakBytes: number | null;
  /** As the last point measured it. */
  optimizerStateBytes: number | null;
}

/** The figures of points logged in step order. */
export function summarizePoints(metrics: readonly MetricPoint[]): PointFigures {
  const last = metrics.at(-1);
  const vals = metrics.flatMap((p) => (p.valLoss === undefined ? [] : [p.valLoss]));
  const finiteVals = vals.filter(Number.isFinite);
  return {
    steps: last?.step ?? null,
    tokens: last?.tokens ?? null,
    wallMs: last?.wallMs ?? null,
    finalTrainLoss: last?.trainLoss ?? null,
    finalValLoss: vals.at(-1) ?? null,
    bestValLoss: finiteVals.length > 0 ? finiteVals.reduce((min, v) => Math.min(min, v)) : null,
    tokensPerSec: median(metrics.map((p) => p.tokensPerSec)),
    mfu: median(metrics.flatMap((p) => (p.mfu === null ? [] : [p.mfu]))),
    peakBytes: metrics.length > 0 ? metrics.reduce((max, p) => Math.max(max, p.peakBytes), 0) : null,
    optimizerStateBytes: last?.optimizerStateBytes ?? null,
  };
}

/** The summary of a run of `config` that logged `metrics` (in step order); `reason` says why it ended early. */
export function summarizeMetrics(
  metrics: readonly MetricPoint[],
  config: Config,
  peak: PeakFlops | null,
  reason?: string,
): RunSummary {
  const m = config.model;
  const f = summarizePoints(metrics);
  return {
    params: countParams(m).total,
    flopsPerToken: flopsPerToken(m),
    steps: f.steps ?? 0,
    tokens: f.tokens ?? 0,
    wallMs: f.wallMs ?? 0,
    finalTrainLoss: f.finalTrainLoss,
    finalValLoss: f.finalValLoss,
    bestValLoss: f.bestValLoss,
    tokensPerSec: f.tokensPerSec,
    mfu: f.mfu,
    peak,
    peakBytes: f.peakBytes ?? 0,
    paramBytes: paramBytes(m),
    optimizerStateBytes: optimizerStateBytes(
      config.optimizer,
      modelParamSpecs(m).map((s) => s.shape), // the layout the optimizer updates (fused parallel blocks)
    ),
    kvCacheBytesPerToken: kvCacheBytesPerToken(m),
    ...(reason === undefined ? {} : { reason }),
  };
}
