// Number formatting, axis scales and the SVG charts of the report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDelta,
  formatDurationMs,
  formatFlops,
  formatFlopsPerSec,
  formatLoss,
  formatPercent,
} from '../core/report/format';
import { createLinearScale, createLogScale, niceTicks } from '../core/report/scale';
import { bandOverSeeds } from '../core/report/seed-bands';
import { PALETTE, PLOT_COLUMNS, renderBarChart, renderLineChart } from '../core/report/svg-chart';

describe('format', () => {
  it('prints counts, FLOPs, bytes, percentages and durations with units', () => {
    expect([formatCount(999), formatCount(1234567), formatCount(999_999), formatCount(12_300_000_000)]).toEqual([
      '999',
      '1.23M',
      '1M',
      '12.3B',
    ]);
    expect([formatFlops(4.5e9), formatFlopsPerSec(2.75e14), formatFlops(512)]).toEqual([
      '4.5 GFLOP',
      '275 TFLOP/s',
      '512 FLOP',
    ]);
    expect([formatBytes(12595), formatBytes(512), formatBytes(3 * 1024 ** 3)]).toEqual(['12.3 KiB', '512 B', '3 GiB']);
    expect([formatPercent(0.462), formatLoss(2.31), formatDelta(-0.02), formatDelta(0.1)]).toEqual([
      '46.2%',
      '2.310',
      '−0.020',
      '+0.100',
    ]);
    expect([
      formatDurationMs(850),
      formatDurationMs(12_300),
      formatDurationMs(245_000),
      formatDurationMs(3_720_000),
    ]).toEqual(['850 ms', '12.3 s', '4m 05s', '1h 02m']);
  });

  it('prints unknown values as a dash, never NaN', () => {
    for (const f of [formatCount, formatFlops, formatBytes, formatPercent, formatLoss, formatDurationMs]) {
      expect([f(null), f(undefined), f(NaN), f(Infinity)]).toEqual(['—', '—', '—', '—']);
    }
  });
});

describe('scales', () => {
  it('picks 1-2-5 ticks and widens the domain to whole ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const s = createLinearScale(1.7, 5.6, [200, 0], 5);
    expect(s.domain).toEqual([1, 6]);
    expect(s.ticks).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.map(1)).toBe(200);
    expect(s.map(6)).toBe(0);
  });

  it('gives log ticks over decades and readable ticks under one', () => {
    expect(createLogScale(0.01, 10, [100, 0]).ticks).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]);
    const narrow = createLogScale(1.8, 5.5, [100, 0]);
    expect(narrow.ticks).toEqual([2, 3, 4, 5]);
    expect(narrow.map(1.8)).toBeCloseTo(100);
    expect(narrow.map(5.5)).toBeCloseTo(0);
  });
});

describe('svg charts', () => {
  const series = [
    {
      colour: PALETTE[0],
      points: [
        [0, 5],
        [10, 3],
        [20, NaN],
        [30, 2],
      ] as [number, number][],
    },
    {
      colour: PALETTE[1],
      points: [
        [10, 3.2],
        [30, 2.2],
      ] as [number, number][],
      dashed: true,
      markers: true,
    },
  ];

  it('draws axes, ticks, a legend and one path per series, breaking lines at missing points', () => {
    const svg = renderLineChart({
      id: 'c',
      title: 'Loss <1>',
      xLabel: 'step',
      yLabel: 'loss',
      series,
      legend: [{ label: 'a & b', colour: PALETTE[0] }],
    });
    expect(svg).toContain('<title>Loss &lt;1&gt;</title>');
    expect(svg).toContain('a &amp; b');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/ M/g) ?? []).toHaveLength(0);
    expect(svg).toMatch(/d="M[^"]*L[^"]*M[^"]*"/);
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="5 3"');
    expect(svg).toContain('clip-path="url(#c-plot)"');
  });

  it('spaces a log x axis by decades: 0.01, 0.1 and 1 equally apart, x ≤ 0 a gap', () => {
    const svg = renderLineChart({
      id: 'lr',
      title: 't',
      xLabel: 'lr',
      yLabel: 'loss',
      logX: true,
      series: [
        {
          colour: PALETTE[0],
          markers: true,
          points: [
            [0, 9],
            [0.01, 3],
            [0.1, 2.5],
            [1, 2.8],
          ],
        },
      ],
      legend: [],
    });
    const xOf = (label: string) =>
      Number(
        new RegExp(`<text x="([\\d.]+)" y="[\\d.]+" text-anchor="middle" fill="#555">${label}</text>`).exec(svg)![1],
      );
    const [a, b, c] = [xOf('0.01'), xOf('0.1'), xOf('1')];
    expect(b - a).toBeCloseTo(c - b, 0);
    expect(svg).toContain('>0.05</text>'); // 1, 2, 5 × 10^k inside two decades
    expect(svg.match(/<circle /g)).toHaveLength(3); // the point at x = 0 cannot sit on the axis
    // A decade is 241 px of the 482 px plot: 0.01 at the left edge (62), 1 at the right (544).
    expect([a, c]).toEqual([62, 544]);
  });

  it('marks a log axis and an empty chart', () => {
    expect(
      renderLineChart({ id: 'l', title: 't', xLabel: 'x', yLabel: 'loss', series, legend: [], logY: true }),
    ).toContain('loss (log scale)');
    expect(renderLineChart({ id: 'e', title: 't', xLabel: 'x', yLabel: 'y', series: [], legend: [] })).toContain(
      'no data',
    );
  });

  it('draws one bar per run with its value, and a dash for an unknown one', () => {
    const svg = renderBarChart({
      title: 'mem',
      xLabel: 'bytes',
      formatValue: formatBytes,
      bars: [
        { label: 'a', colour: PALETTE[0], value: 2048 },
        { label: 'b', colour: PALETTE[1], value: 4096 },
        { label: 'c', colour: PALETTE[2], value: null },
      ],
    });
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('>4 KiB</text>');
    expect(svg).toContain('>—</text>');
  });
});

describe('seed bands (bandOverSeeds; numpy/scipy golden numbers, test/golden/seed_bands.py)', () => {
  const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/seed_bands.json'), 'utf8')) as {
    seeds: { steps: number[]; ys: number[] }[];
    band: { step: number; n: number; mean: number; lo: number | null; hi: number | null }[];
  };
  const seeds = golden.seeds.map((s) => ({
    length: s.steps.length,
    at: (i: number) => s.steps[i]!,
    x: (i: number) => 2 * s.steps[i]!,
    y: (i: number) => s.ys[i]!,
  }));

  it('gives each step the mean over its seeds and the 95% t-interval, as columns', () => {
    const band = bandOverSeeds(seeds);
    expect(band.length).toBe(golden.band.length);
    golden.band.forEach((g, k) => {
      expect(band.step[k]).toBe(g.step);
      expect(band.x[k]).toBe(2 * g.step);
      expect(band.n[k]).toBe(g.n);
      expect(band.mean[k]).toBeCloseTo(g.mean, 10);
      expect(band.lo[k]).toBeCloseTo(g.lo!, 6);
      expect(band.hi[k]).toBeCloseTo(g.hi!, 6);
    });
  });

  it('skips missing values, sorts a seed logged out of order, and leaves no band where one seed has the step', () => {
    const ys = [Number.NaN, 4, 2];
    const band = bandOverSeeds([
      { length: 3, at: (i) => [30, 20, 10][i]!, x: (i) => [30, 20, 10][i]!, y: (i) => ys[i]! },
      { length: 1, at: () => 10, x: () => 10, y: () => 4 },
    ]);
    expect([...band.step]).toEqual([10, 20]);
    expect([...band.mean]).toEqual([3, 4]);
    expect([...band.n]).toEqual([2, 1]);
    expect(band.lo[1]).toBeNaN();
    // Two values 2 and 4: sd √2, t(0.975, 1) = 12.7062047: half-width 12.7062047 · √2 / √2.
    expect(band.hi[0]! - 3).toBeCloseTo(12.7062047, 6);
  });

  it('draws a band as one translucent polygon per stretch between gaps, under the lines and inside the axes', () => {
    const lo = [1, 2, Number.NaN, 1, 1];
    const hi = [3, 4, Number.NaN, 2, 5];
    const svg = renderLineChart({
      id: 'b',
      title: 'band',
      xLabel: 'step',
      yLabel: 'loss',
      series: [
        {
          colour: PALETTE[0],
          points: [
            [0, 2],
            [1, 3],
            [2, 2],
            [3, 1.5],
            [4, 3],
          ],
        },
      ],
      bands: [{ colour: PALETTE[0], length: 5, x: (i) => i, lo: (i) => lo[i]!, hi: (i) => hi[i]! }],
      legend: [],
    });
    const band = svg.match(/<path class="band" d="([^"]*)" fill="#0072B2" fill-opacity="0\.18"/);
    expect(band).not.toBeNull();
    // Two stretches (steps 0–1 and 3–4), each 2 + 2 corners, closed.
    expect(band![1]!.match(/Z/g)).toHaveLength(2);
    expect(band![1]!.match(/[ML]/g)).toHaveLength(8);
    expect(svg.indexOf('class="band"')).toBeLessThan(svg.indexOf('<path d='));
    // The band's top (5) sets the y axis: its highest tick is at least 5.
    expect(svg).toMatch(/text-anchor="end" fill="#555">5</);
  });

  it('thins a band of a million steps to a few points per pixel column without spreading it', () => {
    const n = 1_000_000;
    const svg = renderLineChart({
      id: 'm',
      title: 'many',
      xLabel: 'step',
      yLabel: 'loss',
      series: [],
      bands: [{ colour: PALETTE[1], length: n, x: (i) => i, lo: (i) => 1 + (i === 777_777 ? -0.9 : 0), hi: () => 2 }],
      legend: [],
    });
    const d = svg.match(/<path class="band" d="([^"]*)"/)![1]!;
    expect(d.match(/[ML]/g)!.length).toBeLessThan(2 * 4 * PLOT_COLUMNS + 8);
    // The dip to 0.1 at step 777,777 survives thinning: the y axis starts at 0, not at the band's usual low of 1.
    expect(svg).toMatch(/text-anchor="end" fill="#555">0</);
  });
});
