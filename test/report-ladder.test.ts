// A claim across a ladder of sizes: effects grouped by the rung each run records, the trend of each test's effect
// against log10(parameters) (numbers from numpy/scipy, see the comments), the statement in words, and the ladder
// verdict: the largest rung's, not supported when a neutral gap grows with size.
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../core/config';
import { judgeClaims } from '../core/report/evidence';
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
});
