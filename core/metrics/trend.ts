// How an effect moves with model size (docs/evidence.md, Method): a weighted least-squares line of the effect against
// log10(parameters), weights 1/se² from each rung's paired interval, the slope's 95% interval and where the line crosses
// zero (Fieller's interval). Pure functions.
import { studentTQuantile } from './statistics';

/** One rung's effect: its size, the mean paired difference and that mean's standard error (sd / √n). */
export interface TrendPoint {
  params: number;
  effect: number;
  se: number;
}

export interface TrendFit {
  /** Rungs fitted (points with finite values and params > 0). */
  n: number;
  /** 'inverse-variance' (w = 1/se²), or 'equal' when some rung's se is 0 or unknown (one seed, identical seeds). */
  weighting: 'inverse-variance' | 'equal';
  /** The effect at 1 parameter (x = 0) and its change per 10× parameters. */
  intercept: number;
  slope: number;
  /** 95% t-interval of the slope (n − 2 df, residual scale); null with fewer than 3 rungs (no df left). */
  slopeCi95: [number, number] | null;
  /** Where the line crosses 0, or null with a flat line. */
  crossing: TrendCrossing | null;
}

export interface TrendCrossing {
  /** Parameters at which the fitted effect is 0 (10^x0, x0 = −intercept / slope). */
  params: number;
  /** Fieller's 95% interval of that size; null when it is unbounded (the slope's interval includes 0). */
  ci95: [number, number] | null;
  /** Whether the crossing lies within the ladder's sizes widened 10× each way. */
  withinLadder: boolean;
}

/**
 * Weighted least squares of effect on x = log10(params). The residual scale s² = Σ w r² / (n − 2) multiplies the
 * parameter covariance (statsmodels' WLS default): the se² weights are themselves estimates from a few seeds, and the
 * straight line in log10 params is a model that may not hold, so the scatter about the line is part of the
 * uncertainty. With 3 rungs that leaves 1 df and t(0.975, 1) = 12.7: three sizes can barely show a trend.
 */
export function fitTrend(points: readonly TrendPoint[]): TrendFit | null {
  const pts = points.filter((p) => p.params > 0 && Number.isFinite(p.effect) && Number.isFinite(p.params));
  const n = pts.length;
  if (n < 2) return null;
  const xs = pts.map((p) => Math.log10(p.params));
  if (xs.every((x) => x === xs[0])) return null; // one size: no slope
  const weighted = pts.every((p) => Number.isFinite(p.se) && p.se > 0);
  const w = pts.map((p) => (weighted ? 1 / p.se ** 2 : 1));
  const sw = w.reduce((s, v) => s + v, 0);
  const xBar = xs.reduce((s, x, i) => s + w[i]! * x, 0) / sw;
  const yBar = pts.reduce((s, p, i) => s + w[i]! * p.effect, 0) / sw;
  const sxx = xs.reduce((s, x, i) => s + w[i]! * (x - xBar) ** 2, 0);
  const sxy = xs.reduce((s, x, i) => s + w[i]! * (x - xBar) * (pts[i]!.effect - yBar), 0);
  const slope = sxy / sxx;
  const intercept = yBar - slope * xBar;
  const df = n - 2;
  let cov: { aa: number; ab: number; bb: number; t: number } | null = null;
  if (df > 0) {
    const rss = pts.reduce((s, p, i) => s + w[i]! * (p.effect - intercept - slope * xs[i]!) ** 2, 0);
    const s2 = rss / df;
    // Var(b) = s²/Sxx; Var(a) = s²(1/Σw + x̄²/Sxx); Cov(a, b) = −x̄ s²/Sxx.
    cov = { bb: s2 / sxx, aa: s2 * (1 / sw + xBar ** 2 / sxx), ab: (-xBar * s2) / sxx, t: studentTQuantile(0.975, df) };
  }
  const slopeCi95: [number, number] | null = cov
    ? [slope - cov.t * Math.sqrt(cov.bb), slope + cov.t * Math.sqrt(cov.bb)]
    : null;
  const lo = Math.min(...xs) - 1;
  const hi = Math.max(...xs) + 1;
  let crossing: TrendCrossing | null = null;
  if (slope !== 0) {
    const x0 = -intercept / slope;
    const ci = cov ? fiellerInterval(intercept, slope, cov) : null;
    crossing = {
      params: 10 ** x0,
      ci95: ci && [10 ** ci[0], 10 ** ci[1]],
      withinLadder: x0 >= lo && x0 <= hi,
    };
  }
  return { n, weighting: weighted ? 'inverse-variance' : 'equal', intercept, slope, slopeCi95, crossing };
}

/**
 * Fieller's 95% interval of x0 = −a/b: the x where |a + b x| ≤ t · sd(a + b x), i.e. the roots of
 * (b² − t²Vbb) x² + 2(ab − t²Vab) x + (a² − t²Vaa) ≤ 0. Bounded only when the slope differs from 0 at that level
 * (b² > t²Vbb); the delta method would give a finite, symmetric and wrong interval there, which is why Fieller.
 */
export function fiellerInterval(
  a: number,
  b: number,
  v: { aa: number; ab: number; bb: number; t: number },
): [number, number] | null {
  const t2 = v.t ** 2;
  const qa = b * b - t2 * v.bb;
  if (qa <= 0) return null;
  const qb = a * b - t2 * v.ab; // half the linear coefficient
  const qc = a * a - t2 * v.aa;
  const disc = qb * qb - qa * qc;
  if (disc < 0) return null; // cannot happen with qa > 0 and a valid covariance; kept for rounding
  const root = Math.sqrt(disc);
  return [(-qb - root) / qa, (-qb + root) / qa];
}
