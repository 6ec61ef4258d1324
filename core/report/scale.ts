// Axis scales for the report's SVG charts: data → pixel maps with "nice" tick values (1, 2, 5 × 10^k).
// Log scales keep readable ticks over a narrow range (a loss going 5.5 → 1.8) as well as over decades.

export interface Scale {
  /** Data value → pixel coordinate. */
  map(value: number): number;
  ticks: number[];
  domain: [number, number];
}

/** Step of about (max - min) / count, rounded to 1, 2 or 5 × 10^k. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** Round a tick to its step's precision, so 0.1 + 0.2 prints as 0.3. */
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 15)));
}

/** Widen a degenerate domain so a flat series still gets an axis. */
function spreadDomain(min: number, max: number): [number, number] {
  if (min < max) return [min, max];
  const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
  return [min - pad, max + pad];
}

export function niceTicks(min: number, max: number, count = 5): number[] {
  const [lo, hi] = spreadDomain(min, max);
  const step = niceStep(hi - lo, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(roundToStep(t, step));
  return ticks;
}

/**
 * A linear scale. With `nice`, the domain widens to whole ticks so the axis starts and ends on a labelled value
 * (for y); without, it keeps the data's extent so the curves reach the plot's edges (for x).
 */
export function createLinearScale(min: number, max: number, range: [number, number], count = 5, nice = true): Scale {
  const [lo0, hi0] = spreadDomain(min, max);
  const step = niceStep(hi0 - lo0, count);
  const lo = nice ? Math.floor(lo0 / step + 1e-9) * step : lo0;
  const hi = nice ? Math.ceil(hi0 / step - 1e-9) * step : hi0;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(roundToStep(t, step));
  const [r0, r1] = range;
  return { map: (v) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0), ticks, domain: [lo, hi] };
}

/** A log10 scale over positive values; ticks at 1, 2, 5 × 10^k, or linear-nice ticks when the range is under a decade. */
export function createLogScale(min: number, max: number, range: [number, number], count = 5): Scale {
  const lo = Math.max(min, Number.MIN_VALUE);
  const [a, b] = lo < max ? [lo, max] : [lo / 2, lo * 2];
  const [la, lb] = [Math.log10(a), Math.log10(b)];
  const [r0, r1] = range;
  const map = (v: number) => r0 + ((Math.log10(Math.max(v, Number.MIN_VALUE)) - la) / (lb - la)) * (r1 - r0);
  let ticks: number[];
  if (b / a >= 10) {
    ticks = [];
    for (let k = Math.floor(la); k <= Math.ceil(lb); k++) {
      for (const m of lb - la > 3 ? [1] : [1, 2, 5]) ticks.push(Number((m * 10 ** k).toPrecision(3)));
    }
  } else {
    ticks = niceTicks(a, b, count);
  }
  return { map, ticks: ticks.filter((t) => t >= a * (1 - 1e-9) && t <= b * (1 + 1e-9)), domain: [a, b] };
}
