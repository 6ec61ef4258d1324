// The peak MFU is measured against (pure), one per backend per machine: kept from the first calibration (or a
// re-measure the user asks for), and revised up to any run's achieved FLOP/s that exceeds it — a peak measured in a
// busy moment is too low, and a percentage of a peak above 100% is a wrong number, not a finding (docs/design.md §3).
import type { MetricPoint } from '../../../core/record';
import { achievedFlopsPerSec, peakKey as corePeakKey } from '../../../core/runs/peak';
import type { BackendState } from '../store/types';

export { achievedFlopsPerSec, revisePeak, type KeptPeak } from '../../../core/runs/peak';


/** The machine's backend a peak belongs to: its name, adapter and wasm threads (a peak depends on each). */
export function peakKey(backend: Pick<BackendState, 'backend' | 'adapterInfo' | 'wasmThreads'>): string {
  return corePeakKey({ ...backend, threads: backend.wasmThreads });
}

/**
 * A point's MFU against a peak that is at least the run's own fastest FLOP/s: at most 1 by construction. The run's
 * own peak (a nominal one it was given) stands where it is higher than the kept one.
 */
export function readMfu(p: MetricPoint, peakFlopsPerSec: number, runAchieved: number): number | undefined {
  const peak = Math.max(peakFlopsPerSec, runAchieved);
  return peak > 0 && Number.isFinite(p.flopsPerSec) ? p.flopsPerSec / peak : undefined;
}

/**
 * How a run's MFU is read for display: against the backend's kept peak when the run trained on that backend with
 * the calibrated peak, else against its own (a nominal peak it was given), either raised to its fastest FLOP/s.
 */
export function mfuReader(
  run: { record: { backend: string; config: { train: { peakTflops: number | null } } }; metrics: MetricPoint[] },
  backend: Pick<BackendState, 'backend' | 'peakFlopsPerSec'> | null,
): (p: MetricPoint) => number | undefined {
  const achieved = achievedFlopsPerSec(run.metrics);
  const kept =
    run.record.config.train.peakTflops === null && backend?.backend === run.record.backend
      ? backend.peakFlopsPerSec
      : undefined;
  return (p) => {
    const own = p.mfu && p.mfu > 0 ? p.flopsPerSec / p.mfu : 0;
    return p.mfu === undefined || p.mfu === null ? undefined : readMfu(p, kept ?? own, achieved);
  };
}
