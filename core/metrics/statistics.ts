// Small-sample statistics for repeated runs (docs/cli.md, Verdicts): mean, sample SD, Student's t distribution (CDF and
// quantile, from the regularised incomplete beta: Numerical Recipes §6.1-6.4) and the paired 95% t-interval. Pure
// functions.

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

/** ln Γ(x) for x > 0: Lanczos (g = 7, 9 terms), ~15 significant digits. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x); // reflection
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast on one side of the mean; use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) on the other.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`studentTCdf: degrees of freedom must be > 0 (got ${df})`);
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom, by bisection on the CDF (to ~1e-12). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must be in (0, 1) (got ${p})`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
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
