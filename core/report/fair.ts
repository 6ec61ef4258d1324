// Fair comparisons (docs/cli.md, Verdicts): the validation loss at an equal budget of training FLOPs (linear
// interpolation between evaluations), and the LR sensitivity of Wortsman et al. 2023 over a learning-rate grid.
import type { MetricPoint } from '../record';

export interface CurvePoint {
  /** The budget spent: training FLOPs. */
  x: number;
  loss: number;
}

/** The loss where the curve crosses `x` (points in increasing x), or null outside the evaluated range. */
export function interpolateLoss(points: readonly CurvePoint[], x: number): number | null {
  const first = points[0];
  if (!first || x < first.x) return null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (x <= b.x) return b.x === a.x ? b.loss : a.loss + ((b.loss - a.loss) * (x - a.x)) / (b.x - a.x);
  }
  const last = points[points.length - 1]!; // points[0] exists
  return x === last.x ? last.loss : null;
}

/** The evaluated points of a run against training FLOPs (tokens · FLOPs per token). Wall time is no budget here:
 *  runs timed minutes apart carry the machine's drift; time-to-target (to-target.ts) uses the bench's speeds. */
export function valCurve(metrics: readonly MetricPoint[], flopsPerToken: number): CurvePoint[] {
  return metrics.flatMap((p) =>
    p.valLoss === undefined || !Number.isFinite(p.valLoss) ? [] : [{ x: p.tokens * flopsPerToken, loss: p.valLoss }],
  );
}

/**
 * Both runs' val loss at the budget the smaller of them reached (its last evaluation): the loss at equal FLOPs. Null when either run has no evaluation at or before that budget.
 */
export function lossAtEqualBudget(a: readonly CurvePoint[], b: readonly CurvePoint[]): [number, number] | null {
  const endA = a.at(-1);
  const endB = b.at(-1);
  if (!endA || !endB) return null;
  const budget = Math.min(endA.x, endB.x);
  const la = interpolateLoss(a, budget);
  const lb = interpolateLoss(b, budget);
  return la === null || lb === null ? null : [la, lb];
}

/**
 * Wortsman et al. 2023 (§3.1): over a grid of learning rates, mean_i min(L_i, L_0) − min_i L_i, where L_i is the
 * final loss at rate i and L_0 the loss at initialisation; a diverged run (null or non-finite) counts as L_0.
 * Here L_0 = ln(vocabSize), the loss of the uniform prediction an untrained model starts near.
 */
export function lrSensitivity(finalLosses: readonly (number | null)[], initialLoss: number): number {
  if (finalLosses.length === 0) throw new Error('lrSensitivity: no learning rates');
  const capped = finalLosses.map((l) => (l === null || !Number.isFinite(l) ? initialLoss : Math.min(l, initialLoss)));
  return capped.reduce((s, l) => s + l, 0) / capped.length - Math.min(...capped);
}
