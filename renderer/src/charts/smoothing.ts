// Time-weighted EMA (W&B's default smoothing, TWEMA: docs.wandb.ai "Smooth line plots"): the earlier points' weight
// decays with the x distance covered, measured in thousandths of the line's x range, so a line of 20 logged points
// is barely smoothed and one of 20,000 is smoothed a lot at the same setting, and uneven spacing (an evaluation gap)
// counts as the distance it is. Debiased by the decayed count of points, so the start is not dragged towards zero.
// Pure, so the charts keep the raw data.

/** The x range is cut into this many steps; the parameter's weight applies per step (W&B's VIEWPORT_SCALE). */
export const SMOOTHING_STEPS = 1000;

/**
 * smoothed[i] = s_i / c_i with s_i = a_i · s_{i−1} + y_i, c_i = a_i · c_{i−1} + 1, a_i = w^(Δx_i / range · 1000)
 * and w = min(√param, 0.999). Non-finite values (a diverged step) pass through unsmoothed and stay out of the sums.
 */
export function smoothTwema(xs: readonly number[], ys: readonly number[], param: number): number[] {
  if (param <= 0 || ys.length === 0) return [...ys];
  const w = Math.min(Math.sqrt(param), 0.999);
  const range = xs[xs.length - 1]! - xs[0]!; // ys and xs have one entry per point
  let sum = 0;
  let count = 0;
  let lastX = xs[0]!;
  return ys.map((y, i) => {
    if (!Number.isFinite(y)) return y;
    const dx = range > 0 ? ((xs[i]! - lastX) / range) * SMOOTHING_STEPS : 0;
    const decay = w ** dx;
    sum = sum * decay + y;
    count = count * decay + 1;
    lastX = xs[i]!;
    return sum / count;
  });
}
