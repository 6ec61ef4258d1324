// The peak MFU is measured against (pure), one per backend per machine: kept from the first calibration (or a
// re-measure the user asks for), and revised up to any run's achieved FLOP/s that exceeds it — a peak measured in a
// busy moment is too low, and a percentage of a peak above 100% is a wrong number, not a finding (docs/design.md §3).
// The UI keeps it in IndexedDB (renderer/src/runs/peak-storage.ts), the CLI in a file (cli/peak-file.ts).
import type { MetricPoint, RunRecord } from '../record';

export interface KeptPeak {
  flopsPerSec: number;
  /** How it was set: measured by the matmul calibration, or raised to a run's achieved FLOP/s. */
  source: 'calibrated' | 'revised';
  /** ISO time it was set. */
  at: string;
}

/** What a peak depends on besides the machine: the backend, its adapter (or CPU model) and its threads. */
export function peakKey(backend: {
  backend: string;
  adapterInfo?: string | undefined;
  threads?: number | string | undefined;
}): string {
  return [backend.backend, backend.adapterInfo ?? '', backend.threads ?? ''].join('|');
}

/** The fastest FLOP/s any point achieved, or 0 without points. */
export function achievedFlopsPerSec(points: readonly MetricPoint[]): number {
  return points.reduce((m, p) => (Number.isFinite(p.flopsPerSec) && p.flopsPerSec > m ? p.flopsPerSec : m), 0);
}

/** The kept peak, raised to `achieved` when a run went faster than it; unchanged (the same object) otherwise. */
export function revisePeak(kept: KeptPeak, achieved: number, now: Date): KeptPeak {
  return achieved > kept.flopsPerSec ? { flopsPerSec: achieved, source: 'revised', at: now.toISOString() } : kept;
}

/**
 * A run that trained with the calibrated peak, its MFU restated against `peakFlopsPerSec` when that is higher than
 * the peak it was computed with (a revised one): every point's and the summary's, and summary.peak says which.
 * Unchanged (the same objects) otherwise. MFU scales as 1/peak, so the summary's median scales alike.
 */
export function restateMfu(
  run: { record: RunRecord; metrics: MetricPoint[] },
  peakFlopsPerSec: number,
): { record: RunRecord; metrics: MetricPoint[] } {
  const summary = run.record.summary;
  const old = summary?.peak;
  if (!summary || !old || old.source !== 'calibrated' || !(peakFlopsPerSec > old.flopsPerSec)) return run;
  const scale = old.flopsPerSec / peakFlopsPerSec;
  const metrics = run.metrics.map((p) => (p.mfu === null ? p : { ...p, mfu: p.flopsPerSec / peakFlopsPerSec }));
  const mfu = summary.mfu === null ? null : summary.mfu * scale;
  const record = { ...run.record, summary: { ...summary, mfu, peak: { ...old, flopsPerSec: peakFlopsPerSec } } };
  return { record, metrics };
}
