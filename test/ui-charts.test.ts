// The charts' pure parts: time-weighted EMA and seed bands against numpy/scipy golden numbers, min/max downsampling, chart rows, hover values.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { smoothTwema } from '../renderer/src/charts/smoothing';
import { aggregateSeeds } from '../core/report/seed-bands';
import { bandHiKey, bandLoKey, buildVariantSeries } from '../renderer/src/charts/variant-series';
import { downsampleMinMax, listGridXs } from '../renderer/src/charts/downsample';
import { buildChartRows, rawKey, readValuesAt, smoothKey } from '../renderer/src/charts/chart-rows';

const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/seed_bands.json'), 'utf8')) as {
  seeds: { steps: number[]; ys: number[] }[];
  band: { step: number; n: number; mean: number; lo: number | null; hi: number | null }[];
  smoothing: { name: string; param: number; xs: number[]; ys: number[]; smoothed: number[] }[];
};

describe('smoothTwema (W&B time-weighted EMA; numpy golden numbers, test/golden/seed_bands.py)', () => {
  it.each(golden.smoothing.map((g) => [g.name, g.param, g] as const))('%s points at %s', (_, param, g) => {
    const out = smoothTwema(g.xs, g.ys, param);
    out.forEach((v, i) => expect(v).toBeCloseTo(g.smoothed[i]!, 10));
  });

  it('respects the number of points: 20 logged points at 0.6 stay near raw, 1,000 are smoothed', () => {
    const few = golden.smoothing.find((g) => g.name === 'few' && g.param === 0.6)!;
    const many = golden.smoothing.find((g) => g.name === 'many' && g.param === 0.6)!;
    const gap = (g: typeof few) => Math.max(...g.smoothed.map((v, i) => Math.abs(v - g.ys[i]!)));
    expect(gap(few)).toBeLessThan(1e-4);
    expect(gap(many)).toBeGreaterThan(0.05);
  });

  it('starts at the first value, keeps a constant series constant, passes non-finite values through', () => {
    expect(smoothTwema([0, 1, 2, 3], [5, 5, 5, 5], 0.99).every((v) => Math.abs(v - 5) < 1e-12)).toBe(true);
    expect(smoothTwema([0, 1, 2], [3, 1, 2], 0)).toEqual([3, 1, 2]);
    const out = smoothTwema([0, 1, 2], [2, NaN, 2], 0.9);
    expect(out[0]).toBe(2);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(2, 12);
  });
});

describe('aggregateSeeds (numpy/scipy golden numbers, test/golden/seed_bands.py)', () => {
  it('gives each step the mean over the seeds that logged it and its 95% t-interval; no band for one seed', () => {
    const seeds = golden.seeds.map((s) => s.steps.map((step, i) => ({ at: step, x: step, y: s.ys[i]! })));
    const band = aggregateSeeds(seeds);
    expect(band.map((b) => b.n)).toEqual(golden.band.map((b) => b.n));
    band.forEach((b, i) => {
      const g = golden.band[i]!;
      expect(b.x).toBe(g.step);
      expect(b.mean).toBeCloseTo(g.mean, 10);
      expect(b.lo).toBeCloseTo(g.lo!, 6);
      expect(b.hi).toBeCloseTo(g.hi!, 6);
    });
    const one = aggregateSeeds([seeds[0]!]);
    expect(one[0]).toEqual({ x: 0, mean: golden.seeds[0]!.ys[0], n: 1 });
  });

  it('aligns seeds by step and places the point at their mean x (wall time differs per seed)', () => {
    const band = aggregateSeeds([[{ at: 10, x: 1.0, y: 2 }], [{ at: 10, x: 1.4, y: 4 }]]);
    expect(band).toHaveLength(1);
    expect(band[0]!.x).toBeCloseTo(1.2, 12);
    expect(band[0]!.mean).toBe(3);
  });
});

describe('variant series', () => {
  it('draws 3 seeds as one mean line with a band, and each seed only when asked', () => {
    const seeds = golden.seeds.map((s, k) => ({
      id: `r${k}`,
      points: s.steps.map((step, i) => ({ at: step, x: step, y: s.ys[i]! })),
    }));
    const series = buildVariantSeries([{ key: 'v', seeds }], 0, false);
    expect(series.map((s) => s.key)).toEqual(['v', bandLoKey('v'), bandHiKey('v')]);
    expect(series[0]!.points[9]!.y).toBeCloseTo(golden.band[9]!.mean, 10);
    expect(series[1]!.points[0]!.y).toBeCloseTo(golden.band[0]!.lo!, 6);
    const withSeeds = buildVariantSeries([{ key: 'v', seeds }], 0.6, true);
    expect(withSeeds.map((s) => s.key).slice(3)).toEqual(['seed|r0', 'seed|r1', 'seed|r2']);
  });
});

describe('downsampleMinMax', () => {
  const noisy = Array.from({ length: 5000 }, (_, i) => ({
    x: i,
    y: Math.sin(i / 300) + (i === 2345 ? 9 : 0) - (i === 4000 ? 7 : 0),
  }));

  it('bounds the rows and keeps the global extremes (spikes survive)', () => {
    const rows = downsampleMinMax(noisy, { x0: 0, x1: 4999, buckets: 100 });
    expect(rows).toHaveLength(200);
    const ys = rows.filter((y): y is number => y !== undefined);
    expect(Math.max(...ys)).toBe(Math.max(...noisy.map((p) => p.y)));
    expect(Math.min(...ys)).toBe(Math.min(...noisy.map((p) => p.y)));
  });

  it('keeps the shape: a rising series stays rising, in x order within each bucket', () => {
    const rising = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i * i }));
    const rows = downsampleMinMax(rising, { x0: 0, x1: 999, buckets: 50 }) as number[];
    for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThanOrEqual(rows[i - 1]!);
    expect(rows[0]).toBe(0);
    expect(rows.at(-1)).toBe(999 * 999);
  });

  it('leaves buckets without points empty and places slots at the 1/3 and 2/3 marks', () => {
    const rows = downsampleMinMax(
      [
        { x: 0, y: 1 },
        { x: 10, y: 2 },
      ],
      { x0: 0, x1: 10, buckets: 5 },
    );
    expect(rows).toEqual([1, 1, undefined, undefined, undefined, undefined, undefined, undefined, 2, 2]);
    expect(listGridXs({ x0: 0, x1: 6, buckets: 2 })).toEqual([1, 2, 4, 5]);
  });
});

describe('buildChartRows', () => {
  it('keeps exact x values while few, with raw and smoothed values per run', () => {
    const rows = buildChartRows(
      [
        {
          key: 'a',
          points: [
            { x: 0, y: 4 },
            { x: 10, y: 2 },
          ],
        },
        { key: 'b', points: [{ x: 10, y: 3 }] },
      ],
      0.6,
    );
    expect(rows.map((r) => r.x)).toEqual([0, 10]);
    expect(rows[1]![rawKey('a')]).toBe(2);
    // Two points a whole x range apart: the first weighs 0.6^(1000/2) ≈ 0 in the time-weighted EMA.
    expect(rows[1]![smoothKey('a')]).toBeCloseTo(2, 12);
    expect(rows[0]![rawKey('b')]).toBeUndefined();
    expect(rows[1]![smoothKey('b')]).toBeCloseTo(3, 12);
  });

  it('draws 10 runs × 5,000 points on at most 2 rows per bucket, keeping every run', () => {
    const series = Array.from({ length: 10 }, (_, r) => ({
      key: `run${r}`,
      points: Array.from({ length: 5000 }, (_, i) => ({ x: i * (r + 1), y: 5 - Math.log1p(i) + r })),
    }));
    const rows = buildChartRows(series, 0.6, 300);
    expect(rows.length).toBeLessThanOrEqual(600);
    for (const s of series) expect(rows.some((row) => row[smoothKey(s.key)] !== undefined)).toBe(true);
    expect(rows[0]![rawKey('run9')]).toBe(14);
  });

  it('reads every run at a hovered x from its nearest point at or before it', () => {
    const rows = buildChartRows(
      [
        {
          key: 'a',
          points: [
            { x: 1, y: 1 },
            { x: 3, y: 3 },
          ],
        },
        { key: 'b', points: [{ x: 2, y: 20 }] },
      ],
      0,
    );
    expect(readValuesAt(rows, [rawKey('a'), rawKey('b')], 2)).toEqual({ [rawKey('a')]: 1, [rawKey('b')]: 20 });
    expect(readValuesAt(rows, [rawKey('b')], 1)).toEqual({});
  });
});
