// Small-sample statistics for repeated runs (docs/evidence.md): mean, sample SD, Student's t distribution
// (CDF and quantile from @stdlib) and the paired 95% t-interval. Pure functions.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('mean of no values');
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample standard deviation (n − 1 in the denominator); 0 for a single value. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (stdlib: the regularised incomplete beta). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`studentTCdf: degrees of freedom must be > 0 (got ${df})`);
  return tCdf(t, df);
}

/** The p-quantile of Student's t with `df` degrees of freedom (stdlib: the inverse incomplete beta). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must be in (0, 1) (got ${p})`);
  if (!(df > 0)) throw new Error(`studentTQuantile: degrees of freedom must be > 0 (got ${df})`);
  return tQuantile(p, df);
}

export interface PairedDifference {
  /** Mean of the per-seed differences. */
  delta: number;
  /** Their sample standard deviation. */
  sd: number;
  n: number;
  /** 95% t-interval of the mean difference; null with fewer than two pairs (no spread to estimate). */
  ci95: [number, number] | null;
}

/**
 * The paired 95% t-interval of variant − baseline over seeds (pairs[i] from the same seed): delta ± t(0.975, n − 1)
 * · sd / sqrt(n). `relative`: each pair's difference is variant / baseline − 1 (rates and sizes).
 */
export function pairedDifference(
  baseline: readonly number[],
  variant: readonly number[],
  relative = false,
): PairedDifference {
  if (baseline.length !== variant.length) {
    throw new Error(`pairedDifference: ${baseline.length} baseline values but ${variant.length} variant values`);
  }
  if (baseline.length === 0) throw new Error('pairedDifference: no pairs');
  const diffs = variant.map((v, i) => (relative ? v / baseline[i]! - 1 : v - baseline[i]!));
  return tInterval(diffs);
}

/** Mean, SD and 95% t-interval of a sample (the per-seed differences or effects). */
export function tInterval(xs: readonly number[]): PairedDifference {
  const n = xs.length;
  const delta = mean(xs);
  const sd = sampleSd(xs);
  if (n < 2) return { delta, sd, n, ci95: null };
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { delta, sd, n, ci95: [delta - half, delta + half] };
}
