// Time- and compute-to-target (docs/evidence.md, Method): the tokens at which a run's validation loss first reaches a
// target, interpolated between evaluations, and the paired ratio variant / base over seeds with a 95% interval on the
// log ratios. Pure functions.
import { mean, sampleSd, studentTQuantile } from './statistics';

/** One evaluation: tokens trained so far and the validation loss there. */
export interface EvalPoint {
  tokens: number;
  loss: number;
}

/**
 * The tokens at which the loss first reaches `target` (loss ≤ target), or null when no evaluation does.
 *
 * Between the last evaluation above the target (t0, L0) and the first at or below it (t1, L1) the curve is taken as a
 * straight line in log(loss) against log(tokens): log t = log t0 + (log L* − log L0) · (log t1 − log t0) /
 * (log L1 − log L0). Loss curves are close to power laws in tokens (L ≈ A·t^−α + E, Kaplan et al. 2020), straight
 * in log-log, so this bends the way the curve does where linear interpolation would not; and it does not depend on
 * the units of either axis. A segment starting at 0 tokens has no logarithm: it is interpolated linearly in tokens.
 * Reached at the first evaluation: that evaluation's tokens (nothing earlier was measured).
 */
export function tokensToTarget(points: readonly EvalPoint[], target: number): number | null {
  const evals = points.filter((p) => Number.isFinite(p.loss) && Number.isFinite(p.tokens));
  const i = evals.findIndex((p) => p.loss <= target);
  if (i < 0) return null;
  const b = evals[i]!;
  if (i === 0) return b.tokens;
  const a = evals[i - 1]!;
  if (a.tokens <= 0 || b.loss <= 0 || target <= 0) {
    return a.tokens + ((b.tokens - a.tokens) * (a.loss - target)) / (a.loss - b.loss);
  }
  const frac = (Math.log(target) - Math.log(a.loss)) / (Math.log(b.loss) - Math.log(a.loss));
  return Math.exp(Math.log(a.tokens) + frac * (Math.log(b.tokens) - Math.log(a.tokens)));
}

/** The default target of a pair: the final loss of the worse side (the higher one), so both reach it. */
export function defaultTarget(baseFinal: number, variantFinal: number): number {
  return Math.max(baseFinal, variantFinal);
}

export interface PairedRatio {
  /** Geometric mean of variant / base over seeds: exp(mean of log ratios). */
  ratio: number;
  /** exp of the 95% t-interval of the mean log ratio (n − 1 df); null with fewer than two seeds. */
  ci95: [number, number] | null;
  n: number;
  /** The mean log ratio's standard error (sd / √n): what the trend fit weighs a rung by. */
  logSe: number;
}

/**
 * variant / base paired by seed, on log ratios: a ratio's interval is multiplicative (0.8× and 1.25× are equally far
 * from 1), and the log makes it symmetric so the t-interval applies; exp brings it back to a ratio.
 */
export function pairedRatio(base: readonly number[], variant: readonly number[]): PairedRatio {
  if (base.length !== variant.length) {
    throw new Error(`pairedRatio: ${base.length} base values but ${variant.length} variant values`);
  }
  if (base.length === 0) throw new Error('pairedRatio: no pairs');
  const logs = base.map((b, i) => {
    const v = variant[i]!;
    if (!(b > 0 && v > 0)) throw new Error(`pairedRatio: values must be > 0 (pair ${i}: ${b}, ${v})`);
    return Math.log(v / b);
  });
  const n = logs.length;
  const m = mean(logs);
  const se = sampleSd(logs) / Math.sqrt(n);
  if (n < 2) return { ratio: Math.exp(m), ci95: null, n, logSe: Number.NaN };
  const half = studentTQuantile(0.975, n - 1) * se;
  return { ratio: Math.exp(m), ci95: [Math.exp(m - half), Math.exp(m + half)], n, logSe: se };
}
