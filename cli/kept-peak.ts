// The peak a CLI invocation measures MFU against (docs/design.md §3 "MFU"): the one kept for this machine's backend
// (cli/peak-file.ts), else measured by the first run that needs it and kept; `--recalibrate` measures it anew. A run
// that achieves more FLOP/s than it raises it (core/runs/peak.ts revisePeak), and its MFU is restated against the
// raised peak, so no run's MFU is above 100% and its summary.peak says which peak it is against.
import { availableParallelism, cpus } from 'node:os';
import type { MetricPoint, RunRecord } from '../core/record';
import { achievedFlopsPerSec, peakKey, restateMfu, revisePeak, type KeptPeak } from '../core/runs/peak';
import { peaksFilePath, readPeaks, writePeak, type PeakCalibration } from './peak-file';

type Run = { record: RunRecord; metrics: MetricPoint[] };

export interface KeptPeakSession {
  /** The kept peak to tell the workers before their first run, or null: the first run that needs one measures it. */
  readonly peakFlopsPerSec: number | null;
  /** A worker measured the peak (its `calibration` message): kept, replacing the file's. */
  measured(peakFlopsPerSec: number, calibration: PeakCalibration): void;
  /** A run ended: the kept peak raised to its achieved FLOP/s, and its MFU restated against the kept peak. */
  settle<R extends Run>(run: R): R;
}

export interface KeptPeakOptions {
  /** Measure anew instead of using the kept peak (`--recalibrate`). */
  recalibrate: boolean;
  /** Where a line for the user goes (stderr). */
  note: (line: string) => void;
  path?: string;
  now?: () => Date;
}

const gflops = (flopsPerSec: number) => `${(flopsPerSec / 1e9).toPrecision(3)} GFLOP/s`;

/** The kept peak of the backend a worker reported ready on: keyed by backend, adapter or CPU model, and threads. */
export function openKeptPeak(
  ready: { backend: string; adapterInfo?: string | undefined; wasmThreads?: number | undefined },
  opts: KeptPeakOptions,
): KeptPeakSession {
  const path = opts.path ?? peaksFilePath();
  const now = opts.now ?? (() => new Date());
  const key = peakKey({
    backend: ready.backend,
    adapterInfo: ready.adapterInfo ?? cpus()[0]?.model,
    threads: ready.wasmThreads ?? availableParallelism(),
  });
  const stored = opts.recalibrate ? undefined : readPeaks(path, opts.note)[key];
  let kept: KeptPeak | null = stored ? { flopsPerSec: stored.flopsPerSec, source: stored.source, at: stored.at } : null;
  let calibration = stored?.calibration;
  if (stored) {
    opts.note(
      `peak: ${gflops(stored.flopsPerSec)}, kept in "${path}" (${stored.source} ${stored.at}); --recalibrate measures it anew`,
    );
  }
  const keep = (peak: KeptPeak) => {
    kept = peak;
    writePeak(path, key, { ...peak, ...(calibration ? { calibration } : {}) }, opts.note);
  };
  return {
    get peakFlopsPerSec() {
      return kept?.flopsPerSec ?? null;
    },
    measured(peakFlopsPerSec, measuredWith) {
      calibration = measuredWith;
      keep({ flopsPerSec: peakFlopsPerSec, source: 'calibrated', at: now().toISOString() });
    },
    settle(run) {
      const peak = run.record.summary?.peak;
      // A nominal peak (train.peakTflops) is the user's; only runs against the calibrated one share the kept peak.
      if (peak?.source !== 'calibrated') return run;
      const current = kept ?? { flopsPerSec: peak.flopsPerSec, source: 'calibrated' as const, at: now().toISOString() };
      const achieved = achievedFlopsPerSec(run.metrics);
      const revised = revisePeak(current, achieved, now());
      if (revised !== current) {
        opts.note(`peak: raised to ${gflops(revised.flopsPerSec)}, the FLOP/s ${run.record.name} achieved ("${path}")`);
        keep(revised);
      }
      return { ...run, ...restateMfu(run, revised.flopsPerSec) };
    },
  };
}

/** Option text of `--recalibrate`, shared by `train` and `run`. */
export const RECALIBRATE_HELP = 'measure the peak MFU is against anew, replacing the one kept for this machine';

/**
 * The kept peak for `workers` (all on the backend `ready` reports): each is told a kept one, and a peak one of them
 * measures is kept. `run --jobs` takes calibrations itself (the lanes share them) and calls `measured`.
 */
export function keepPeakOn(
  workers: { useCalibration(peak: number): void; onCalibration: ((peak: number, c: PeakCalibration) => void) | null }[],
  ready: Parameters<typeof openKeptPeak>[0],
  opts: KeptPeakOptions,
): KeptPeakSession {
  const session = openKeptPeak(ready, opts);
  const peak = session.peakFlopsPerSec;
  for (const w of workers) {
    if (peak !== null) w.useCalibration(peak);
    w.onCalibration = (measured, calibration) => session.measured(measured, calibration);
  }
  return session;
}
