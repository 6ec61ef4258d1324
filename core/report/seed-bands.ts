// A variant's seeds as one line (pure; the UI's charts and the report's draw it, docs/design.md): at each step, the
// mean over the seeds that have logged it and its 95% Student-t interval, mean ± t(0.975, n − 1) · sd / √n (no band
// where one seed has the step). Seeds are aligned by step, not by x: with x = wall time each seed logs a step at its
// own time, and the point sits at their mean x. Seeds are read by index and the result is columns of typed arrays,
// so a million-point run is never held as a million objects, and nothing is spread into a call.
import { mean, sampleSd, studentTQuantile } from '../metrics/statistics';

/** One seed's line, read by index: its i-th point's step (what aligns the seeds), x and y; non-finite y is skipped. */
export interface SeedLine {
  length: number;
  at: (i: number) => number;
  x: (i: number) => number;
  y: (i: number) => number;
}

/** One entry per step any seed has logged, in step order; lo and hi are NaN where fewer than two seeds have it. */
export interface SeedBand {
  length: number;
  step: Float64Array;
  x: Float64Array;
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  n: Uint32Array;
}

/** The indices of a seed's finite points, in step order (already so in a record; sorted, stably, if not). */
function stepOrder(seed: SeedLine): Uint32Array {
  let count = 0;
  for (let i = 0; i < seed.length; i++) if (Number.isFinite(seed.y(i)) && Number.isFinite(seed.at(i))) count++;
  const order = new Uint32Array(count);
  let k = 0;
  let sorted = true;
  for (let i = 0; i < seed.length; i++) {
    if (!Number.isFinite(seed.y(i)) || !Number.isFinite(seed.at(i))) continue;
    if (k > 0 && seed.at(order[k - 1]!) > seed.at(i)) sorted = false;
    order[k++] = i;
  }
  return sorted ? order : order.sort((a, b) => seed.at(a) - seed.at(b) || a - b);
}

/** The distinct steps of all seeds, ascending. */
function distinctSteps(seeds: readonly SeedLine[], orders: readonly Uint32Array[]): Float64Array {
  let total = 0;
  for (const o of orders) total += o.length;
  const all = new Float64Array(total);
  let k = 0;
  seeds.forEach((s, j) => {
    for (const i of orders[j]!) all[k++] = s.at(i);
  });
  all.sort();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[distinct - 1]) all[distinct++] = all[i]!;
  return all.subarray(0, distinct);
}

/** Mean and 95% band over seeds, one entry per step any seed has logged, in step order. */
export function bandOverSeeds(seeds: readonly SeedLine[]): SeedBand {
  const orders = seeds.map(stepOrder);
  const step = distinctSteps(seeds, orders);
  const length = step.length;
  const out: SeedBand = {
    length,
    step,
    x: new Float64Array(length),
    mean: new Float64Array(length),
    lo: new Float64Array(length).fill(Number.NaN),
    hi: new Float64Array(length).fill(Number.NaN),
    n: new Uint32Array(length),
  };
  const cursors = seeds.map(() => 0);
  const tByN = new Map<number, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < length; k++) {
    xs.length = 0;
    ys.length = 0;
    seeds.forEach((s, j) => {
      const order = orders[j]!;
      // Every point of this seed at this step (a seed that logged a step twice counts twice, as two samples).
      while (cursors[j]! < order.length && s.at(order[cursors[j]!]!) === step[k]) {
        const i = order[cursors[j]!]!;
        xs.push(s.x(i));
        ys.push(s.y(i));
        cursors[j]!++;
      }
    });
    const m = mean(ys);
    out.x[k] = mean(xs);
    out.mean[k] = m;
    out.n[k] = ys.length;
    if (ys.length < 2) continue;
    let t = tByN.get(ys.length);
    if (t === undefined) tByN.set(ys.length, (t = studentTQuantile(0.975, ys.length - 1)));
    const half = (t * sampleSd(ys)) / Math.sqrt(ys.length);
    out.lo[k] = m - half;
    out.hi[k] = m + half;
  }
  return out;
}

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

/** bandOverSeeds for seeds held as points (the UI's charts, thinned already), as one object per step. */
export function aggregateSeeds(seeds: readonly (readonly SeedPoint[])[]): BandPoint[] {
  const band = bandOverSeeds(
    seeds.map((points) => ({
      length: points.length,
      at: (i) => points[i]!.at,
      x: (i) => points[i]!.x,
      y: (i) => points[i]!.y,
    })),
  );
  return Array.from({ length: band.length }, (_, k): BandPoint => {
    const point: BandPoint = { x: band.x[k]!, mean: band.mean[k]!, n: band.n[k]! };
    return band.n[k]! < 2 ? point : { ...point, lo: band.lo[k]!, hi: band.hi[k]! };
  });
}
