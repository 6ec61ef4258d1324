// Axis ticks on round numbers (steps of 1, 2 or 5 × 10^k in the unit shown, or 1-2-5 per decade on a log scale)
// and tick labels with just the decimals the step needs. Pure, so the charts only draw what these return.

export interface Ticks {
  /** Tick values in the unit shown, ascending; the first and last bound the axis. */
  values: number[];
  /** Distance between linear ticks, or 0 for 1-2-5-per-decade log ticks (each labelled with its own digits). */
  step: number;
}

const EPS = 1e-9;

/** The 1-2-5 step that splits `span` into at most `maxTicks - 1` intervals. */
export function pickNiceStep(span: number, maxTicks = 6): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const rough = span / Math.max(1, maxTicks - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough * (1 - EPS)) return m * power;
  return 10 * power;
}

/** Rounds away float noise (0.30000000000000004 → 0.3) at the precision the step has. */
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(20, decimals)));
}

/** Ticks that enclose [min, max] on multiples of a 1-2-5 step; a flat series gets a band around its value. */
export function buildLinearTicks(min: number, max: number, maxTicks = 6): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { values: [0, 1], step: 1 };
  if (max - min < EPS * Math.max(1, Math.abs(max))) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.05;
    return buildLinearTicks(min - pad, max + pad, maxTicks);
  }
  let step = pickNiceStep(max - min, maxTicks);
  let lo = Math.floor(min / step + EPS) * step;
  let hi = Math.ceil(max / step - EPS) * step;
  // Rounding outwards can add an interval; take the next step up when it overflows the tick budget.
  if (Math.round((hi - lo) / step) + 1 > maxTicks) {
    step = pickNiceStep((max - min) * 1.25, maxTicks);
    lo = Math.floor(min / step + EPS) * step;
    hi = Math.ceil(max / step - EPS) * step;
  }
  const n = Math.round((hi - lo) / step);
  const values = Array.from({ length: n + 1 }, (_, i) => roundToStep(lo + i * step, step));
  return { values, step };
}

/**
 * Log-scale ticks: 1, 2 and 5 × 10^k, widened to the 1-2-5 values just outside [min, max] so no point is clipped,
 * thinned to 1 × 10^k when many decades are shown. Under a decade (a loss from 4.2 to 5.6) round linear ticks, all
 * positive, read better than 2, 5, 10.
 */
export function buildLogTicks(min: number, max: number, maxTicks = 6): Ticks {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return { values: [1, 10], step: 0 };
  if (max / min < 10) {
    for (let budget = maxTicks; budget <= 3 * maxTicks; budget++) {
      const linear = buildLinearTicks(min, max, budget);
      if (linear.values[0]! > 0) return linear;
    }
  }
  const candidates: number[] = [];
  for (let k = Math.floor(Math.log10(min)) - 1; k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) candidates.push(roundToStep(m * 10 ** k, 10 ** k));
  }
  // candidates is never empty: the loop covers at least two decades.
  const below = candidates.filter((v) => v <= min * (1 + EPS)).at(-1) ?? candidates[0]!;
  const above = candidates.find((v) => v >= max * (1 - EPS)) ?? candidates.at(-1)!;
  const values = candidates.filter((v) => v >= below && v <= above);
  if (values.length <= maxTicks) return { values, step: 0 };
  return { values: values.filter((v, i) => i === 0 || i === values.length - 1 || isPower(v)), step: 0 };
}

function isPower(v: number): boolean {
  const k = Math.log10(v);
  return Math.abs(k - Math.round(k)) < 1e-9;
}

/** Decimals a tick label needs so neighbouring ticks differ: 0 for a step of 5, 1 for 0.5, 3 for 0.002. */
export function decimalsForStep(step: number): number {
  if (!(step > 0)) return 0;
  return Math.max(0, Math.ceil(-Math.log10(step) - EPS));
}

/** A tick label in the unit shown: fixed decimals from the step; on a log scale, each value's own digits. */
export function formatTick(value: number, ticks: Ticks): string {
  if (ticks.step > 0) return value.toFixed(decimalsForStep(ticks.step));
  return String(Number(value.toPrecision(3)));
}

/** Ticks in the shown unit, as data values (multiplied back by the unit's size) for recharts' `ticks`. */
export function toDataTicks(ticks: Ticks, unitSize: number): number[] {
  return ticks.values.map((v) => v * unitSize);
}
