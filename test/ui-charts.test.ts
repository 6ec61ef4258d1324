// The charts' pure parts: debiased EMA against hand-computed numbers, min/max downsampling, chart rows, hover values.
import { describe, expect, it } from 'vitest';
import { smoothDebiasedEma } from '../renderer/src/charts/smoothing';
import { downsampleMinMax, listGridXs } from '../renderer/src/charts/downsample';
import { buildChartRows, rawKey, readValuesAt, smoothKey } from '../renderer/src/charts/chart-rows';

describe('smoothDebiasedEma', () => {
  it('matches hand-computed values for weight 0.5', () => {
    // ema: 0.5, 1.25, 2.125; debias by 1 - 0.5^n: 0.5, 0.75, 0.875.
    const out = smoothDebiasedEma([1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(out[2]).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('matches hand-computed values for the default weight 0.6', () => {
    // ema: 0.4·4 = 1.6; 0.6·1.6 + 0.4·2 = 1.76; debias: 0.4, 0.64.
    const out = smoothDebiasedEma([4, 2], 0.6);
    expect(out[0]).toBeCloseTo(4, 12);
    expect(out[1]).toBeCloseTo(1.76 / 0.64, 12);
  });

  it('starts at the first value (no drag towards zero) and keeps a constant series constant', () => {
    expect(smoothDebiasedEma([5, 5, 5, 5], 0.9).every((v) => Math.abs(v - 5) < 1e-12)).toBe(true);
  });

  it('returns the raw values for weight 0 and passes non-finite values through without poisoning the average', () => {
    expect(smoothDebiasedEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
    const out = smoothDebiasedEma([2, NaN, 2], 0.5);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(2, 12);
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
    expect(rows[1]![smoothKey('a')]).toBeCloseTo(1.76 / 0.64, 12);
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
