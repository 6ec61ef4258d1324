// A variant's seeds as one line (pure): at each step, the mean over the seeds that have logged it and its 95%
// Student-t interval, mean ± t(0.975, n − 1) · sd / √n (no band where one seed has the step). Seeds are aligned by
// step, not by x: with x = wall time each seed logs a step at its own time, and the point sits at their mean x.
import { mean, sampleSd, studentTQuantile } from '../../../core/metrics/statistics';

export interface SeedPoint {
  /** The step: what aligns the seeds. */
  at: number;
  x: number;
  y: number;
}

export interface BandPoint {
  x: number;
  mean: number;
  /** The 95% interval of the mean; absent where fewer than two seeds have the step. */
  lo?: number;
  hi?: number;
  n: number;
}

/** Mean and 95% band over seeds, one point per step any seed has logged, in step order. */
export function aggregateSeeds(seeds: readonly (readonly SeedPoint[])[]): BandPoint[] {
  const byStep = new Map<number, SeedPoint[]>();
  for (const points of seeds) {
    for (const p of points) {
      if (Number.isFinite(p.y)) byStep.set(p.at, [...(byStep.get(p.at) ?? []), p]);
    }
  }
  return [...byStep.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, points]) => {
      const ys = points.map((p) => p.y);
      const m = mean(ys);
      const point: BandPoint = { x: mean(points.map((p) => p.x)), mean: m, n: ys.length };
      if (ys.length < 2) return point;
      const half = (studentTQuantile(0.975, ys.length - 1) * sampleSd(ys)) / Math.sqrt(ys.length);
      return { ...point, lo: m - half, hi: m + half };
    });
}
