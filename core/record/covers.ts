// What a checkpoint covers: the metric points logged up to its step. A run resumed from it keeps exactly these and
// trains the later steps again, so its curve has neither a gap nor a repeat (the Trainer, run folders, the UI).
import type { MetricPoint } from './schema';

/** The points a checkpoint saved at `step` covers (step ≤ its step), in their order. */
export function metricsCoveredBy<P extends Pick<MetricPoint, 'step'>>(metrics: readonly P[], step: number): P[] {
  return metrics.filter((p) => p.step <= step);
}
