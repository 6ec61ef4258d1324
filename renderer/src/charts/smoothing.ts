// Debiased exponential moving average, as TensorBoard smooths scalars: an EMA started at zero, divided by
// (1 - w^n) so the first points are not dragged towards zero. Pure, so the charts keep the raw data.

/**
 * smoothed[i] = ema_i / (1 - w^(i+1)), ema_i = w · ema_{i-1} + (1 - w) · y_i, ema_{-1} = 0.
 * Non-finite values (a diverged step) pass through unsmoothed and do not enter the average.
 */
export function smoothDebiasedEma(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  const out = new Array<number>(values.length);
  let ema = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    ema = weight * ema + (1 - weight) * y;
    n++;
    out[i] = ema / (1 - weight ** n);
  }
  return out;
}
