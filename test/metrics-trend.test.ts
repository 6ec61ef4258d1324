// The trend fit, tokens-to-target and paired log-ratio intervals against numpy/scipy (test/golden/trend.py): weighted
// least squares by numpy's lstsq, the zero crossing's Fieller interval by root-finding, log-log interpolation by
// numpy's interp, ratio intervals by scipy's one-sample t-test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitTrend } from '../core/metrics/trend';
import { defaultTarget, pairedRatio, tokensToTarget } from '../core/metrics/to-target';

interface Golden {
  fits: {
    params: number[];
    effects: number[];
    ses: number[];
    weighting: 'inverse-variance' | 'equal';
    intercept: number;
    slope: number;
    slopeCi95: [number, number] | null;
    crossingParams: number;
    crossingCi95?: [number, number] | null;
    withinLadder: boolean;
  }[];
  curves: { tokens: number[]; losses: number[]; target: number; expected: number | null }[];
  ratios: { base: number[]; variant: number[]; ratio: number; ci95: [number, number]; logSe: number }[];
}
const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'trend.json'), 'utf8')) as Golden;

const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));

describe('fitTrend', () => {
  it.each(golden.fits.map((g) => [g.params.length, g.weighting, g] as const))(
    '%i rungs, %s weights: slope, its interval and the zero crossing match numpy/scipy',
    (_, __, g) => {
      const fit = fitTrend(g.params.map((params, i) => ({ params, effect: g.effects[i]!, se: g.ses[i]! })))!;
      expect(fit.weighting).toBe(g.weighting);
      expect(fit.n).toBe(g.params.length);
      close(fit.slope, g.slope);
      close(fit.intercept, g.intercept);
      if (g.slopeCi95 === null) expect(fit.slopeCi95).toBeNull();
      else {
        close(fit.slopeCi95![0], g.slopeCi95[0], 1e-7);
        close(fit.slopeCi95![1], g.slopeCi95[1], 1e-7);
      }
      close(fit.crossing!.params, g.crossingParams, 1e-7);
      expect(fit.crossing!.withinLadder).toBe(g.withinLadder);
      if (g.crossingCi95 === undefined || g.crossingCi95 === null) expect(fit.crossing!.ci95).toBeNull();
      else {
        close(fit.crossing!.ci95![0], g.crossingCi95[0], 1e-6);
        close(fit.crossing!.ci95![1], g.crossingCi95[1], 1e-6);
      }
    },
  );

  it('needs two sizes', () => {
    expect(fitTrend([{ params: 1e5, effect: 0.1, se: 0.01 }])).toBeNull();
    expect(
      fitTrend([
        { params: 1e5, effect: 0.1, se: 0.01 },
        { params: 1e5, effect: 0.2, se: 0.01 },
      ]),
    ).toBeNull();
  });

  it('has no crossing for a flat line', () => {
    const fit = fitTrend([
      { params: 1e5, effect: 0.1, se: 0.01 },
      { params: 1e6, effect: 0.1, se: 0.01 },
    ])!;
    expect(fit.slope).toBe(0);
    expect(fit.crossing).toBeNull();
  });
});

describe('tokensToTarget', () => {
  it.each(golden.curves.map((c) => [c.target, c] as const))('target %f matches numpy interp in log-log', (_, c) => {
    const got = tokensToTarget(
      c.tokens.map((tokens, i) => ({ tokens, loss: c.losses[i]! })),
      c.target,
    );
    if (c.expected === null) expect(got).toBeNull();
    else close(got!, c.expected, 1e-12);
  });

  it('interpolates linearly in tokens from 0 tokens, where log-log cannot', () => {
    expect(
      tokensToTarget(
        [
          { tokens: 0, loss: 5 },
          { tokens: 100, loss: 3 },
        ],
        4,
      ),
    ).toBeCloseTo(50, 12);
  });

  it('takes the worse side’s final loss as the default target', () => {
    expect(defaultTarget(2.3, 2.4)).toBe(2.4);
    expect(defaultTarget(2.5, 2.4)).toBe(2.5);
  });
});

describe('pairedRatio', () => {
  it.each(golden.ratios.map((r) => [r.base.length, r] as const))(
    'n = %i: geometric mean ratio and its interval match scipy',
    (_, r) => {
      const got = pairedRatio(r.base, r.variant);
      close(got.ratio, r.ratio, 1e-12);
      close(got.ci95![0], r.ci95[0], 1e-9);
      close(got.ci95![1], r.ci95[1], 1e-9);
      close(got.logSe, r.logSe, 1e-12);
    },
  );

  it('gives no interval for one pair and refuses bad input', () => {
    expect(pairedRatio([2], [1]).ci95).toBeNull();
    expect(pairedRatio([2], [1]).ratio).toBeCloseTo(0.5, 12);
    expect(() => pairedRatio([1, 2], [1])).toThrow(/2 base values but 1 variant values/);
    expect(() => pairedRatio([1, 0], [1, 1])).toThrow(/must be > 0 \(pair 1: 0, 1\)/);
  });
});
