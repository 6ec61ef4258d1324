// The statistics of repeated runs against independent numbers: Student t quantiles from a textbook t-table, t CDF
// values from numerical integration of the density (numpy), means, SDs and paired differences from numpy
// (test/golden/statistics.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mean, pairedDifference, sampleSd, studentTCdf, studentTQuantile, tInterval } from '../core/metrics/statistics';

interface Golden {
  samples: {
    baseline: number[];
    variant: number[];
    meanBaseline: number;
    sdBaseline: number;
    delta: number;
    sd: number;
    relativeDelta: number;
    relativeSd: number;
  }[];
  cdf: { t: number; df: number; p: number }[];
}
const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'statistics.json'), 'utf8')) as Golden;

/** Two-sided 95% critical values t(0.975, df), as printed in textbook t-tables (3 decimals). */
const T_TABLE: [number, number][] = [
  [1, 12.706],
  [2, 4.303],
  [3, 3.182],
  [4, 2.776],
  [5, 2.571],
  [9, 2.262],
  [29, 2.045],
];

describe('Student t', () => {
  it.each(T_TABLE)('t(0.975, %i) = %f as in the t-table', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    expect(studentTQuantile(0.025, df)).toBeCloseTo(-t, 3);
  });

  it('has a CDF equal to the integrated density', () => {
    for (const { t, df, p } of golden.cdf) expect(studentTCdf(t, df)).toBeCloseTo(p, 9);
  });

  it('inverts its CDF', () => {
    for (const df of [1, 3, 7.5, 40]) {
      for (const p of [0.6, 0.9, 0.995]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
  });

  it('refuses bad arguments by name', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be in \(0, 1\)/);
    expect(() => studentTCdf(1, 0)).toThrow(/degrees of freedom must be > 0/);
  });
});

describe('paired differences', () => {
  it.each(golden.samples.map((s) => [s.baseline.length, s] as const))(
    'n = %i: mean, SD and the paired difference match numpy',
    (n, s) => {
      expect(mean(s.baseline)).toBeCloseTo(s.meanBaseline, 12);
      expect(sampleSd(s.baseline)).toBeCloseTo(s.sdBaseline, 12);
      const d = pairedDifference(s.baseline, s.variant);
      expect(d.n).toBe(n);
      expect(d.delta).toBeCloseTo(s.delta, 12);
      expect(d.sd).toBeCloseTo(s.sd, 12);
      const t = T_TABLE.find(([df]) => df === n - 1)?.[1];
      if (t !== undefined) {
        const half = (t * s.sd) / Math.sqrt(n);
        expect(d.ci95?.[0]).toBeCloseTo(s.delta - half, 4);
        expect(d.ci95?.[1]).toBeCloseTo(s.delta + half, 4);
      }
      const r = pairedDifference(s.baseline, s.variant, true);
      expect(r.delta).toBeCloseTo(s.relativeDelta, 12);
      expect(r.sd).toBeCloseTo(s.relativeSd, 12);
    },
  );

  it('gives no interval for one pair, and a point interval for identical differences', () => {
    expect(pairedDifference([2.3], [2.4]).ci95).toBeNull();
    expect(tInterval([0.5, 0.5, 0.5]).ci95).toEqual([0.5, 0.5]);
    expect(() => pairedDifference([1, 2], [1])).toThrow(/2 baseline values but 1 variant values/);
  });
});
