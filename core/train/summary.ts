// A run's summary from its logged metrics and config (DESIGN.md §2 run record): pure, so the Trainer, the CLI and
// a report of a crashed run all compute it the same way. Throughput figures are medians over the logged intervals.
import type { Config } from '../config/schema';
import { countParams, flopsPerToken, kvCacheBytesPerToken, paramBytes } from '../metrics';
import { modelParamSpecs } from '../model/shapes';
import { optimizerStateBytes } from '../optim/create';
import type { MetricPoint, PeakFlops, RunSummary } from './record';
import { median } from '../metrics/median';

/** The summary of a run that logged `metrics` (in step order); `reason` says why it ended early, if it did. */
export function summarizeMetrics(
  metrics: MetricPoint[],
  config: Config,
  peak: PeakFlops | null,
  reason?: string,
): RunSummary {
  const m = config.model;
  const last = metrics.at(-1);
  const vals = metrics.flatMap((p) => (p.valLoss === undefined ? [] : [p.valLoss]));
  const finiteVals = vals.filter(Number.isFinite);
  return {
    params: countParams(m).total,
    flopsPerToken: flopsPerToken(m),
    steps: last?.step ?? 0,
    tokens: last?.tokens ?? 0,
    wallMs: last?.wallMs ?? 0,
    finalTrainLoss: last?.trainLoss ?? null,
    finalValLoss: vals.at(-1) ?? null,
    bestValLoss: finiteVals.length > 0 ? Math.min(...finiteVals) : null,
    tokensPerSec: median(metrics.map((p) => p.tokensPerSec)),
    mfu: median(metrics.flatMap((p) => (p.mfu === null ? [] : [p.mfu]))),
    peak,
    peakBytes: metrics.reduce((max, p) => Math.max(max, p.peakBytes), 0),
    paramBytes: paramBytes(m),
    optimizerStateBytes: optimizerStateBytes(
      config.optimizer,
      modelParamSpecs(m).map((s) => s.shape), // the layout the optimizer updates (fused parallel blocks)
    ),
    kvCacheBytesPerToken: kvCacheBytesPerToken(m),
    ...(reason === undefined ? {} : { reason }),
  };
}
