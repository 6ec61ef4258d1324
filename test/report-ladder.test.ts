// A claim across a ladder of sizes: effects grouped by the rung each run records, the trend of each test's effect
// against log10(parameters) (numbers from numpy/scipy, see the comments), the statement in words, and the ladder
// verdict: the largest rung's, not supported when a neutral gap grows with size.
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../core/config';
import { judgeClaims } from '../core/report/evidence';
import { describeClaimLines } from '../core/report/claim-cards';
import { describeTrend } from '../core/report/scale-trend';
import { orderRuns } from '../core/report/units';
import { renderIntervalPlots } from '../core/report/interval-plot';
import { buildHtmlReport, buildJsonReport, buildMarkdownReport } from '../core/report';
import type { MetricPoint, RunData, RunSummary } from '../core/record';
import { makePoint } from './ui-fakes';

const PARAMS = [1e5, 1e6, 1e7, 1e8];
/** Per rung, the per-seed loss of MHA minus MQA's 2.3: a gap inside ±0.05 everywhere that grows 0.01 per decade. */
const GAPS = [
  [0.009, 0.011, 0.0105],
  [0.019, 0.021, 0.0195],
  [0.031, 0.029, 0.0305],
  [0.04, 0.041, 0.039],
];

function makeRun(name: string, input: ConfigInput, rung: number, seed: number, loss: number): RunData {
  const config = parseConfig({
    ...input,
    model: { ...input.model, dModel: 16 * (rung + 1) },
    train: { seed },
  });
  const metrics: MetricPoint[] = [
    { ...makePoint(50), tokens: 50_000, valLoss: loss + 0.5 },
    { ...makePoint(100), tokens: 100_000, valLoss: loss },
  ];
  const summary = {
    params: PARAMS[rung]!,
    flopsPerToken: 6 * PARAMS[rung]!,
    tokens: 100_000,
    finalValLoss: loss,
    kvCacheBytesPerToken: config.model.kvHeads * 1024,
  } as RunSummary;
  const record = {
    id: `${name}-${rung}-${seed}`,
    name: `${name} · r${rung}`,
    label: '',
    config,
    seed,
    backend: 'cpu',
    status: 'done' as const,
    createdAt: '',
    summary,
    rung: { index: rung, name: `r${rung}` },
  };
  return { record, metrics };
}

const runs = GAPS.flatMap((gaps, rung) =>
  gaps.flatMap((gap, seed) => [
    makeRun('mqa', {}, rung, seed, 2.3),
    makeRun('mha', { model: { attention: 'mha' } }, rung, seed, 2.3 + gap),
  ]),
);

describe('a claim across a ladder', () => {
  const attention = judgeClaims(runs, ['attention'])[0]!;

  it('groups the effects by rung, each with its size', () => {
    expect(attention.scale.map((s) => [s.rung?.name, s.params])).toEqual([
      ['r0', 1e5],
      ['r1', 1e6],
      ['r2', 1e7],
      ['r3', 1e8],
    ]);
    const loss = attention.scale.map((s) => s.effects.find((e) => e.metric === 'finalValLoss')!);
    expect(loss.map((e) => e.verdict)).toEqual(['supported', 'supported', 'supported', 'supported']);
  });

  it('fits the loss gap against log10(parameters) as numpy does (slope 0.0099829 [0.0096169, 0.0103490])', () => {
    const trend = attention.trend.find((t) => t.metric === 'finalValLoss')!;
    expect(trend.fit.slope).toBeCloseTo(0.009982939632545934, 9);
    expect(trend.fit.slopeCi95![0]).toBeCloseTo(0.009616926702139953, 8);
    expect(trend.fit.slopeCi95![1]).toBeCloseTo(0.010348952562951914, 8);
    expect(trend.statement).toMatch(
      /^final val loss \(nats\/token\) \(mha − mqa\): the gap grows by 0\.00998 per 10× parameters \(slope \+0\.00998 \[\+0\.00962, \+0\.0103\]\); the fit /,
    );
  });

  it('does not support "neutral" when the gap grows with size, though every rung is inside the margin', () => {
    expect(attention.verdict).toBe('inconclusive');
    expect(attention.notes).toContain('judged at the largest rung (r3) and on the trend');
  });

  it('carries scale, trend and toTarget in report.json, a trend chart in HTML and the trend in Markdown', () => {
    const json = JSON.parse(buildJsonReport(runs, { name: 'x', claims: ['attention'] }));
    expect(json.claims[0].scale).toHaveLength(4);
    expect(json.claims[0].scale[0]).toMatchObject({ params: 1e5, tokens: 100_000 });
    expect(json.claims[0].trend[0].fit.slope).toBeGreaterThan(0);
    // Both reach MHA's final loss: MQA by log-log interpolation between its two evaluations.
    expect(json.claims[0].scale[3].effects[0].toTarget.tokensRatio.ratio).toBeGreaterThan(1);
    const html = buildHtmlReport(runs, { name: 'x', claims: ['attention'] });
    expect(html.match(/<svg class="trend"/g)!.length).toBeGreaterThanOrEqual(1);
    expect(buildMarkdownReport(runs, { name: 'x', claims: ['attention'] })).toContain('- trend: final val loss');
  });

  it('tells seeds apart in the summary and lists what differs per variant and rung, the seeds in one row', () => {
    const md = buildMarkdownReport(runs, { name: 'x', claims: ['attention'] });
    expect(md).toContain('| mha · r3 · seed 2 | done |');
    const differs = md.slice(md.indexOf('## What differs'), md.indexOf('## Base config'));
    expect(differs).toContain('| Key | mqa · r0 | mha · r0 | mqa · r1 |');
    expect(differs).toContain('| seeds | 0, 1, 2 | 0, 1, 2 |');
    expect(differs).not.toMatch(/train\.seed/);
  });

  it("compares each variant with its own rung's base in Measured here, rung by rung", () => {
    const md = buildMarkdownReport(orderRuns([...runs].reverse()), { name: 'x', claims: ['attention'] });
    // Reversed, the first run is MHA's: the base of each rung (all labels empty here) is its MHA run.
    expect(md).toContain(
      '- final val loss: mha · r0 2.310 · mqa · r0 2.300 (−0.010) · mha · r1 2.320 · mqa · r1 2.300 (−0.020)',
    );
    expect(md).toContain("- compared with each rung's mha: losses as differences");
  });

  it('draws each effect on a lead axis: unsigned ticks, the option ahead named on each side', () => {
    // MHA's KV cache is larger (Δ > 0 on a lower-is-better metric): MQA leads, so the dot is left of the zero line.
    const kv = attention.scale[0]!.effects.filter((e) => e.metric === 'kvCacheBytesPerToken');
    const svg = renderIntervalPlots('attention', kv);
    expect(svg).toContain('lead in % of multi-query');
    const ticks = [...svg.matchAll(/text-anchor="middle" fill="#333">([^<]*)</g)].map((m) => m[1]!);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.every((t) => !/[−+-]/.test(t))).toBe(true);
    const zero = Number(
      /<line x1="([\d.]+)" x2="[\d.]+" y1="[\d.]+" y2="[\d.]+" stroke="#222" stroke-dasharray/.exec(svg)![1],
    );
    const dot = Number(/<circle cx="([\d.]+)"/.exec(svg)![1]);
    expect(dot).toBeLessThan(zero);
  });

  it("fits no trend to an effect that is the same at every rung (MQA's KV cache is a quarter of MHA's at all sizes)", () => {
    expect(attention.trend.map((t) => t.metric)).toEqual(['finalValLoss']);
  });

  it("shows a pair's to-target ratios once per rung, though each of its tests carries them", () => {
    // With bench speeds the time-to-target test carries the same comparison as the final-loss test.
    const speed = { tokensPerSec: 1000, iqr: [990, 1010] as [number, number], backend: 'cpu' };
    const speeds = new Map(runs.map((r) => [r.record.name, speed]));
    const judged = judgeClaims(runs, ['attention'], { speeds })[0]!;
    expect(judged.scale.every((s) => s.effects.filter((e) => e.toTarget).length === 2)).toBe(true);
    const lines = describeClaimLines(judged);
    expect(lines.filter((l) => l.trim().startsWith('to target')).length).toBe(judged.scale.length);
    // Wall time to target in seconds: 100k tokens at 1,000 tokens/s is 100 s, shown as "1m 40s".
    expect(lines.find((l) => l.includes('wall time to target loss:'))).toMatch(/\(multi-head 1m 40s vs multi-query 1m/);
  });
});

describe('the trend in words', () => {
  // A line through zero at crossingParams (or through the origin of log10 params without one).
  const fit = (slope: number, crossingParams: number | null) => ({
    intercept: crossingParams === null ? 0 : -slope * Math.log10(crossingParams),
    slope,
    slopeCi95: [slope - 1, slope + 1] as [number, number],
    crossing: crossingParams === null ? null : { params: crossingParams, ci95: null, withinLadder: true },
    n: 3,
    weighting: 'inverse-variance' as const,
  });
  const points = [
    { params: 4e4, effect: 0.048, se: 0.02 },
    { params: 1.35e5, effect: -0.044, se: 0.02 },
    { params: 7.3e5, effect: -0.034, se: 0.02 },
  ];
  const trend = (slope: number, crossing: number | null) =>
    ({ metric: 'finalValLoss', label: 'final val loss', relative: false, points, fit: fit(slope, crossing) }) as never;

  it('says the sign changes when the fit crosses zero between the smallest and the largest rung', () => {
    expect(describeTrend(trend(-0.0522, 4.5e4), 'parallel', 'serial')).toMatch(
      /^final val loss \(serial − parallel\): the gap changes sign between the rungs, falling by 0\.0522 per 10× parameters/,
    );
  });

  it('says grows or shrinks when the fitted gap keeps one sign over the rungs', () => {
    expect(describeTrend(trend(-0.0522, 2e4), 'parallel', 'serial')).toContain('the gap grows by 0.0522');
    expect(describeTrend(trend(0.0522, 2e6), 'parallel', 'serial')).toContain('the gap shrinks by 0.0522');
    // The largest rung measured −0.034, but the line there is still above 0 and falling: it shrinks.
    expect(describeTrend(trend(-0.02, 4.93e6), 'parallel', 'serial')).toContain('the gap shrinks by 0.02 per');
  });
});
