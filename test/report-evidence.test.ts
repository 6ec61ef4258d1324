// Verdicts from repeated runs: units paired by seed, effects with their 95% t-intervals (numbers from numpy and the
// t-table), the verdict rules, loss at equal budgets, LR sensitivity, main effects of a 2x2 grid, and the recipe claim.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandExperiment, parseConfig, type ConfigInput } from '../core/config';
import { findClaim, parseExperiment } from '../core/claims';
import { interpolateLoss, lossAtEqualBudget, lrSensitivity } from '../core/report/fair';
import { judgeClaims } from '../core/report/evidence';
import { computeMainEffects } from '../core/report/main-effects';
import {
  buildJsonReport,
  buildMarkdownReport,
  buildHtmlReport,
  describeEffect,
  describeMeasured,
} from '../core/report';
import { judgeTest, combineVerdicts } from '../core/report/verdict';
import type { MetricPoint, RunData, RunSummary } from '../core/record';
import { makePoint } from './ui-fakes';

interface Figures {
  loss: number;
  tokensPerSec?: number;
  /** Val points [step, loss] before the final one (at step 100). */
  curve?: [number, number][];
  stepMs?: number;
}

function makeRun(name: string, input: ConfigInput, seed: number, f: Figures): RunData {
  const config = parseConfig({ ...input, train: { ...input.train, seed } });
  const stepMs = f.stepMs ?? 100;
  const vals: [number, number][] = [...(f.curve ?? []), [100, f.loss]];
  const metrics: MetricPoint[] = vals.map(([step, valLoss]) => ({
    ...makePoint(step),
    tokens: step * 1000,
    wallMs: step * stepMs,
    valLoss,
  }));
  const summary: RunSummary = {
    params: 100_000,
    flopsPerToken: 6e5,
    steps: 100,
    tokens: 100_000,
    wallMs: 100 * stepMs,
    finalTrainLoss: f.loss,
    finalValLoss: f.loss,
    bestValLoss: f.loss,
    tokensPerSec: f.tokensPerSec ?? 1000,
    mfu: null,
    peak: null,
    peakBytes: 1,
    paramBytes: 1,
    optimizerStateBytes: 1,
    kvCacheBytesPerToken: config.model.kvHeads * 1024,
  };
  const record = { id: `${name}-${seed}`, name, label: '', config, seed, backend: 'cpu', status: 'done' as const };
  return { record: { ...record, createdAt: '', summary }, metrics };
}

const MHA: ConfigInput = { model: { attention: 'mha' } };
const mqaVsMha = (mqa: number[], mha: number[]) => [
  ...mqa.map((loss, s) => makeRun('mqa', {}, s, { loss })),
  ...mha.map((loss, s) => makeRun('mha', MHA, s, { loss })),
];

/** Interleaved bench speeds at which MQA and MHA train alike: time-to-target then equals tokens-to-target. */
const SAME_SPEED = [
  { name: 'mqa', tokensPerSec: 1000, iqr: [990, 1010] as [number, number], backend: 'cpu' },
  { name: 'mha', tokensPerSec: 1000, iqr: [990, 1010] as [number, number], backend: 'cpu' },
];
const sameSpeed = new Map(SAME_SPEED.map(({ name, ...s }) => [name, s]));

describe('claim verdicts', () => {
  it('pairs by seed: final val loss difference and its 95% t-interval (numpy: mean 0.00333, sd 0.02082)', () => {
    const attention = judgeClaims(mqaVsMha([2.3, 2.32, 2.31], [2.31, 2.3, 2.33]), ['attention'])[0]!;
    const loss = attention.effects.find((e) => e.metric === 'finalValLoss')!;
    expect(loss.n).toBe(3);
    expect(loss.delta).toBeCloseTo(0.0033333333333334103, 12);
    const half = (4.303 * 0.020816659994661382) / Math.sqrt(3); // t(0.975, 2) = 4.303 from the t-table
    expect(loss.ci95![0]).toBeCloseTo(loss.delta - half, 4);
    expect(loss.ci95![1]).toBeCloseTo(loss.delta + half, 4);
    expect(loss.baseline.name).toBe('mqa');
    expect(loss.variant).toMatchObject({ name: 'mha', mean: (2.31 + 2.3 + 2.33) / 3 });
    // ±0.052 is not inside ±0.05: too noisy to call neutral; the KV cache is 4x smaller every time.
    expect(loss.verdict).toBe('inconclusive');
    const kv = attention.effects.find((e) => e.metric === 'kvCacheBytesPerToken')!;
    expect(kv).toMatchObject({ delta: 3, ci95: [3, 3], relative: true, verdict: 'supported' });
    expect(attention.verdict).toBe('inconclusive');
    expect(attention.scale).toHaveLength(1);
    expect(attention.scale[0]).toMatchObject({ rung: null, params: 100_000, tokens: 100_000 });
    expect(attention.trend).toEqual([]);
  });

  it('supports a neutral claim whose whole interval is inside the margin, in every test', () => {
    const attention = judgeClaims(mqaVsMha([2.3, 2.32, 2.31], [2.301, 2.322, 2.309]), ['attention'], {
      speeds: sameSpeed,
    })[0]!;
    expect(attention.effects.map((e) => e.verdict)).toEqual(['supported', 'supported', 'supported']);
    expect(attention.verdict).toBe('supported');
  });

  it('contradicts a directional claim whose interval lies on the wrong side', () => {
    const runs = [
      ...[2.3, 2.31, 2.32].map((loss, s) => makeRun('rope', {}, s, { loss })),
      ...[2.2, 2.22, 2.21].map((loss, s) => makeRun('learned', { model: { position: 'learned' } }, s, { loss })),
    ];
    const position = judgeClaims(runs, ['position'])[0]!;
    expect(position.effects[0]).toMatchObject({ metric: 'finalValLoss', verdict: 'contradicted' });
    expect(position.verdict).toBe('contradicted');
    expect(position.notes).toContain('val loss at 4x the training length: not measured for rope vs learned');
  });

  it('leaves a claim inconclusive when one of its tests is not measured, though the measured ones are supported', () => {
    const runs = [
      ...[2.3, 2.31, 2.32].map((loss, s) => makeRun('no-bias', {}, s, { loss })),
      ...[2.301, 2.309, 2.322].map((loss, s) => makeRun('bias', { model: { bias: true } }, s, { loss })),
    ];
    const bias = judgeClaims(runs, ['bias'])[0]!; // no LR sweep: the stability test cannot be measured
    expect(bias.effects.map((e) => [e.metric, e.verdict])).toEqual([['finalValLoss', 'supported']]);
    expect(bias.notes).toContain('LR sensitivity (Wortsman et al. 2023): not measured for no-bias vs bias');
    expect(bias.verdict).toBe('inconclusive');
  });

  it('leaves out runs that did not finish (stopped, still going, crashed): their last loss is no final loss', () => {
    const runs = mqaVsMha([2.3, 2.32, 2.31], [2.31, 2.3, 2.33]);
    runs[5] = { ...runs[5]!, record: { ...runs[5]!.record, status: 'stopped' } }; // mha, seed 2
    const loss = judgeClaims(runs, ['attention'])[0]!.effects.find((e) => e.metric === 'finalValLoss')!;
    expect(loss.n).toBe(2);
    expect(loss.delta).toBeCloseTo((0.01 - 0.02) / 2, 12);
  });

  it('calls a single seed inconclusive whatever the difference', () => {
    const attention = judgeClaims(mqaVsMha([2.3], [3.3]), ['attention'])[0]!;
    expect(attention.effects.every((e) => e.verdict === 'inconclusive' && e.ci95 === null && e.n === 1)).toBe(true);
    expect(attention.verdict).toBe('inconclusive');
    expect(attention.notes).toContain('one seed per run: rerun with --repeats 3 for an interval');
  });

  it('finds the claims a set of runs tests when none are named, and says when a named one has no pair', () => {
    const runs = mqaVsMha([2.3, 2.31], [2.3, 2.31]);
    expect(judgeClaims(runs).map((r) => r.id)).toEqual(['attention']);
    const block = judgeClaims(runs, ['block'])[0]!;
    expect(block).toMatchObject({
      verdict: 'inconclusive',
      effects: [],
      notes: ['no two runs differ in this switch alone'],
    });
  });

  it('puts the claims in report.json and a card per claim in report.html and report.md', () => {
    const runs = mqaVsMha([2.3, 2.32, 2.31], [2.301, 2.322, 2.309]);
    const json = JSON.parse(buildJsonReport(runs, { name: 'x', claims: ['attention'], speeds: SAME_SPEED }));
    expect(json.claims[0]).toMatchObject({
      id: 'attention',
      verdict: 'supported',
      claim: findClaim('attention').claim,
    });
    expect(json.claims[0].effects[0]).toMatchObject({ metric: 'finalValLoss', n: 3, baseline: { name: 'mqa' } });
    expect(json.claims[0].effects[0].ci95).toHaveLength(2);
    const html = buildHtmlReport(runs, { name: 'x', claims: ['attention'], speeds: SAME_SPEED });
    expect(html).toContain('<article class="card supported"><h3>Attention');
    expect(html.indexOf('Verdicts')).toBeLessThan(html.indexOf('Summary'));
    expect(buildMarkdownReport(runs, { name: 'x', claims: ['attention'], speeds: SAME_SPEED })).toMatch(
      /\*\*Attention: supported\*\* at this scale \(100k params, 100k tokens\)/,
    );
  });
});

describe('measured lines of repeated runs', () => {
  it('give each variant its mean over seeds, named after the variant, not after one seed', () => {
    // mqa (2.3 + 2.32) / 2 = 2.31, mha (2.31 + 2.3) / 2 = 2.305.
    const lines = describeMeasured(mqaVsMha([2.3, 2.32], [2.31, 2.3]));
    expect(lines[0]).toBe('final val loss: mqa 2.310 · mha 2.305 (−0.005)');
    expect(lines.at(-1)).toBe('each the mean over its 2 seeds; the verdicts pair the seeds');
  });
});

describe('verdict rules', () => {
  const d = (lo: number, hi: number, n = 3) => ({ delta: (lo + hi) / 2, sd: 1, n, ci95: [lo, hi] as [number, number] });
  const better = { metric: 'finalValLoss', expect: 'palm-better' } as const;
  const faster = { metric: 'tokensPerSec', expect: 'palm-better' } as const;
  const neutral = { metric: 'finalValLoss', expect: 'neutral', margin: 0.05 } as const;

  it('reads the direction from the metric: a higher loss or a lower speed of the alternative supports PaLM', () => {
    expect(judgeTest(better, d(0.01, 0.03))).toBe('supported');
    expect(judgeTest(better, d(-0.03, -0.01))).toBe('contradicted');
    expect(judgeTest(better, d(-0.01, 0.01))).toBe('inconclusive');
    expect(judgeTest(faster, d(-0.2, -0.1))).toBe('supported');
    expect(judgeTest(faster, d(0.1, 0.2))).toBe('contradicted');
  });

  it('treats neutral as equivalence within the margin', () => {
    expect(judgeTest(neutral, d(-0.04, 0.04))).toBe('supported');
    expect(judgeTest(neutral, d(0.06, 0.08))).toBe('contradicted');
    expect(judgeTest(neutral, d(0.01, 0.07))).toBe('inconclusive');
    expect(judgeTest(neutral, { delta: 0, sd: 0, n: 1, ci95: null })).toBe('inconclusive');
  });

  it('combines: one contradiction contradicts, all supported supports', () => {
    expect(combineVerdicts(['supported', 'contradicted'])).toBe('contradicted');
    expect(combineVerdicts(['supported', 'supported'])).toBe('supported');
    expect(combineVerdicts(['supported', 'inconclusive'])).toBe('inconclusive');
    expect(combineVerdicts([])).toBe('inconclusive');
  });
});

describe('fair comparisons', () => {
  it('interpolates the loss between evaluations and compares at the smaller budget', () => {
    const a = [
      { x: 10, loss: 3 },
      { x: 20, loss: 2 },
    ];
    expect(interpolateLoss(a, 15)).toBeCloseTo(2.5, 12);
    expect(interpolateLoss(a, 5)).toBeNull();
    expect(interpolateLoss(a, 25)).toBeNull();
    const b = [
      { x: 10, loss: 2.8 },
      { x: 30, loss: 1.8 },
    ];
    expect(lossAtEqualBudget(a, b)).toEqual([2, 2.3]); // budget 20: b at 2.8 − 1.0 · (10 / 20)
  });

  it('judges the block on wall time to target at the bench speeds, not the runs’ clocks', () => {
    const runs = [0, 1, 2].flatMap((s) => [
      makeRun('parallel', {}, s, { loss: 2.3 + s / 100, curve: [[50, 2.8]], stepMs: 100 }),
      makeRun('serial', { model: { block: 'serial' } }, s, { loss: 2.28 + s / 100, curve: [[50, 2.78]], stepMs: 50 }),
    ]);
    const speeds = new Map([
      ['parallel', { tokensPerSec: 1200, iqr: [1150, 1250] as [number, number], backend: 'cpu' }],
      ['serial', { tokensPerSec: 1000, iqr: [950, 1050] as [number, number], backend: 'cpu' }],
    ]);
    const block = judgeClaims(runs, ['block'], { speeds })[0]!;
    const time = block.effects.find((e) => e.metric === 'timeToTarget')!;
    // Target: parallel's final 2.30 + s/100 (the worse). Parallel reaches it at 100k tokens; serial between
    // (50k, 2.78) and (100k, 2.28 + s/100), log-log: 96,993 / 96,939 / 96,883 tokens. numpy/scipy over the log ratios:
    // tokens ×0.969385 [0.968025, 0.970747]; wall time at 1,200 vs 1,000 tokens/s ×1.163262 [1.161630, 1.164897].
    const tt = time.toTarget!;
    expect(tt.variant.tokens[0]).toBeCloseTo(96992.94987778478, 6);
    expect(tt.tokensRatio.ratio).toBeCloseTo(0.969385299376885, 10);
    expect(tt.tokensRatio.ci95![0]).toBeCloseTo(0.9680252078159876, 9);
    expect(tt.wallRatio!.ratio).toBeCloseTo(1.163262359252262, 10);
    expect(tt.wallRatio!.ci95![1]).toBeCloseTo(1.1648967622669295, 9);
    expect(time.delta).toBeCloseTo(0.163262359252262, 10);
    expect(time.verdict).toBe('supported'); // serial takes 16% longer: PaLM's parallel block is faster to the loss
    // Without bench speeds the time test is not measured: the runs' own clocks (serial's 50 ms steps) do not count.
    const unmeasured = judgeClaims(runs, ['block'])[0]!;
    expect(unmeasured.effects.some((e) => e.metric === 'timeToTarget')).toBe(false);
    expect(unmeasured.verdict).toBe('inconclusive');
    expect(unmeasured.notes.join('\n')).toContain("needs both sides' tokens/s timed interleaved by the bench");
  });

  it('aims at the spec’s target loss when it gives one (numpy: serial/parallel tokens ×0.971561 [0.970012, 0.973114])', () => {
    const runs = [0, 1, 2].flatMap((s) => [
      makeRun('parallel', {}, s, { loss: 2.3 + s / 100, curve: [[50, 2.8]] }),
      makeRun('serial', { model: { block: 'serial' } }, s, { loss: 2.28 + s / 100, curve: [[50, 2.78]] }),
    ]);
    const json = JSON.parse(buildJsonReport(runs, { name: 'x', claims: ['block'], targetLoss: 2.5 }));
    const tt = json.claims[0].effects.find((e: { metric: string }) => e.metric === 'finalValLoss').toTarget;
    expect(tt.targetSource).toBe('spec');
    expect(tt.targets).toEqual([2.5, 2.5, 2.5]);
    // Parallel from (50k, 2.8) to (100k, 2.30 + s/100) in log-log: 74,541.7 tokens at seed 0.
    expect(tt.baseline.tokens[0]).toBeCloseTo(74541.70630879716, 6);
    expect(tt.tokensRatio.ratio).toBeCloseTo(0.9715614554950037, 10);
    expect(tt.tokensRatio.ci95[0]).toBeCloseTo(0.9700117368141191, 9);
    expect(tt.tokensRatio.ci95[1]).toBeCloseTo(0.973113650051075, 9);
    const md = buildMarkdownReport(runs, { name: 'x', claims: ['block'], targetLoss: 2.5 });
    expect(md).toContain("to target (the spec's target loss 2.5), serial / parallel: tokens ×0.972 \\[0.97, 0.973\\]");
  });

  it('Wortsman LR sensitivity: mean of min(loss, L0) minus the best, a diverged rate counted as L0 (numpy: 1.55807)', () => {
    expect(lrSensitivity([3.0, 2.5, 2.2, 6.0, null], Math.log(256))).toBeCloseTo(1.5580709777918251, 12);
    expect(() => lrSensitivity([], 1)).toThrow(/no learning rates/);
  });

  it('reads an LR sweep as one family per variant: its sensitivity and its best loss', () => {
    const lrs = [1e-3, 1e-2, 1e-1];
    const runs = [0, 1].flatMap((s) =>
      lrs.flatMap((lr, i) => [
        makeRun(`palm · optimizer.learningRate=${lr}`, { optimizer: { learningRate: lr } }, s, {
          loss: [3, 2.2, 2.5][i]! + s / 100,
        }),
        makeRun(`bias · optimizer.learningRate=${lr}`, { model: { bias: true }, optimizer: { learningRate: lr } }, s, {
          loss: [3, 2.2, 5][i]! + s / 100,
        }),
      ]),
    );
    const bias = judgeClaims(runs, ['bias'])[0]!;
    const sens = bias.effects.find((e) => e.metric === 'lrSensitivity')!;
    // palm: mean(3, 2.2, 2.5) − 2.2 = 0.366…; bias: mean(3, 2.2, 5) − 2.2 = 1.2 (+ the same s/100 shifts).
    expect(sens.baseline).toMatchObject({ name: 'palm' });
    expect(sens.baseline.mean).toBeCloseTo((3 + 2.2 + 2.5) / 3 - 2.2, 12);
    expect(sens.variant.mean).toBeCloseTo((3 + 2.2 + 5) / 3 - 2.2, 12);
    expect(sens.n).toBe(2);
    expect(bias.effects.find((e) => e.metric === 'finalValLoss')?.delta).toBeCloseTo(0, 12); // best: 2.2 both
  });
});

describe('main effects', () => {
  it('averages each switch over the other in a 2x2 grid, per seed (numpy: block +0.0975 sd 0.01061, attention +0.0475)', () => {
    const loss = [
      [
        [2.3, 2.35],
        [2.4, 2.46],
      ],
      [
        [2.32, 2.36],
        [2.41, 2.45],
      ],
    ]; // [seed][block][attention]
    const runs = [0, 1].flatMap((s) =>
      ['parallel', 'serial'].flatMap((block, b) =>
        ['mqa', 'mha'].map((attention, a) =>
          makeRun(`${block}-${attention}`, { model: { block, attention } } as ConfigInput, s, {
            loss: loss[s]![b]![a]!,
          }),
        ),
      ),
    );
    const effects = computeMainEffects(runs);
    expect(effects.map((e) => [e.factor, e.from, e.to, e.n])).toEqual([
      ['block', 'parallel', 'serial', 2],
      ['attention', 'mqa', 'mha', 2],
    ]);
    expect(effects[0]!.delta).toBeCloseTo(0.09749999999999992, 12);
    const half = (12.706 * 0.010606601717797672) / Math.sqrt(2); // t(0.975, 1) = 12.706
    expect(effects[0]!.ci95![1]).toBeCloseTo(effects[0]!.delta + half, 3);
    expect(effects[1]!.delta).toBeCloseTo(0.04750000000000032, 12);
  });

  it('gives none for runs that are not a full two-level grid', () => {
    expect(computeMainEffects(mqaVsMha([2.3, 2.31], [2.3, 2.31]))).toEqual([]);
  });
});

describe('effect lines', () => {
  it('say in the claim’s words which side is ahead, by how much, the seeds that agree, the verdict and why', () => {
    // mha − mqa per seed: +0.001, +0.002, −0.001 (numpy: mean 0.000667, sd 0.0015275, t(0.975, 2) = 4.303):
    // multi-query ahead by 0.001 [−0.003, +0.004], two seeds of three on its side.
    const attention = judgeClaims(mqaVsMha([2.3, 2.32, 2.31], [2.301, 2.322, 2.309]), ['attention'])[0]!;
    expect(describeEffect(attention.effects[0]!)).toBe(
      'final val loss: multi-query is 0.001 nats better [−0.003, +0.004], 2 of 3 seeds ' +
        '(multi-head 2.311 vs multi-query 2.31) — supported: no meaningful difference: the interval lies within ±0.05 nats',
    );
    expect(describeEffect(attention.effects.find((e) => e.metric === 'kvCacheBytesPerToken')!)).toContain(
      'KV cache bytes per token: multi-head is 300% larger than multi-query [300%, 300%], 3 of 3 seeds',
    );
  });

  it('say both when an equivalence holds but every seed points one way (the interval excludes 0)', () => {
    // mha − mqa: −0.01, −0.012, −0.011: inside ±0.05, and consistently below 0.
    const attention = judgeClaims(mqaVsMha([2.3, 2.32, 2.31], [2.29, 2.308, 2.299]), ['attention'])[0]!;
    expect(describeEffect(attention.effects[0]!)).toMatch(
      /^final val loss: multi-head is 0\.011 nats better \[0\.00\d, 0\.01\d\], 3 of 3 seeds .* — supported: no meaningful difference \(the interval lies within ±0\.05 nats\), though consistently non-zero \(it excludes 0\)$/,
    );
  });

  it('judge against the experiment’s own margin where the user set one', () => {
    const runs = mqaVsMha([2.3, 2.32, 2.31], [2.29, 2.308, 2.299]);
    const own = judgeClaims(runs, ['attention'], { margins: { finalValLoss: 0.005 } })[0]!;
    expect(own.effects[0]).toMatchObject({ margin: 0.005, verdict: 'contradicted' });
    expect(describeEffect(own.effects[0]!)).toContain(
      'contradicted: a real difference: the interval lies outside ±0.005 nats',
    );
  });
});

describe('recipe claims and paired variants', () => {
  const GPT: ConfigInput = {
    model: {
      block: 'serial',
      attention: 'mha',
      position: 'learned',
      activation: 'gelu',
      bias: true,
      tieEmbeddings: false,
    },
    optimizer: { name: 'adamw', learningRate: 3e-3, schedule: 'cosine', warmupSteps: 30 },
  };

  it('treats not-worse as non-inferiority: PaLM may be better by any amount, worse by under the margin', () => {
    const notWorse = { metric: 'finalValLoss', expect: 'not-worse', margin: 0.05 } as const;
    const d = (lo: number, hi: number) => ({ delta: (lo + hi) / 2, sd: 1, n: 3, ci95: [lo, hi] as [number, number] });
    // delta = alternative − PaLM: −0.04 means PaLM's loss is 0.04 higher, inside the margin.
    expect(judgeTest(notWorse, d(-0.04, 0.3))).toBe('supported');
    expect(judgeTest(notWorse, d(0.1, 0.3))).toBe('supported');
    expect(judgeTest(notWorse, d(-0.08, -0.01))).toBe('inconclusive');
    expect(judgeTest(notWorse, d(-0.2, -0.06))).toBe('contradicted');
    const notSlower = { metric: 'tokensPerSec', expect: 'not-worse', margin: 0.1 } as const;
    expect(judgeTest(notSlower, d(-0.5, 0.05))).toBe('supported'); // the alternative at most 5% faster
    expect(judgeTest(notSlower, d(0.2, 0.4))).toBe('contradicted');
  });

  it('judges the whole PaLM recipe against a GPT-style one, and pairs no single switch with it', () => {
    const runs = [
      ...[2.3, 2.31, 2.32].map((loss, s) => makeRun('palm', {}, s, { loss, tokensPerSec: 1200 })),
      ...[2.34, 2.33, 2.37].map((loss, s) => makeRun('gpt', GPT, s, { loss, tokensPerSec: 1000 })),
    ];
    const recipe = judgeClaims(runs, ['recipe'])[0]!;
    expect(recipe.effects.map((e) => [e.metric, e.verdict])).toEqual([
      ['finalValLoss', 'supported'], // Δ +0.0367, sd 0.0153: [−0.0013, +0.0746] lies above −0.05
      ['tokensPerSec', 'inconclusive'], // timed one run after another: not judged
      ['kvCacheBytesPerToken', 'supported'],
    ]);
    expect(recipe.effects[0]).toMatchObject({ expect: 'not-worse', margin: 0.05 });
    expect(describeEffect(recipe.effects[0]!)).toContain('supported: PaLM is not worse by more than 0.05 nats');
    expect(recipe.verdict).toBe('supported');
    // Without names, only the recipe: the pair differs in too many switches to test any one of them.
    expect(judgeClaims(runs).map((r) => r.id)).toEqual(['recipe']);
    const serial = [0, 1].map((s) => makeRun('serial', { model: { block: 'serial' } }, s, { loss: 2.3 }));
    expect(judgeClaims([...runs.slice(0, 2), ...serial], ['recipe'])[0]!.notes).toEqual([
      'no two runs differ in this switch alone',
    ]);
  });

  it('finds the recipe pair in experiments/palm-vs-gpt.json', () => {
    const file = join(import.meta.dirname, '..', 'experiments', 'palm-vs-gpt.json');
    const exp = parseExperiment(JSON.parse(readFileSync(file, 'utf8')), 'experiments/palm-vs-gpt.json');
    expect(exp.claims).toEqual(['recipe']);
    const runs = expandExperiment(exp).flatMap((r, i) =>
      [0, 1].map((s) => makeRun(r.name, r.config as ConfigInput, s, { loss: 2.3 + i / 100 })),
    );
    const recipe = judgeClaims(runs, exp.claims)[0]!;
    expect(recipe.effects).toHaveLength(3);
    expect(recipe.effects[0]).toMatchObject({ baseline: { name: 'palm' }, variant: { name: 'gpt' }, n: 2 });
  });

  it('pairs the parameter-matched SwiGLU with GELU as well as the wider SwiGLU', () => {
    const runs = [0, 1].flatMap((s) => [
      makeRun('swiglu', {}, s, { loss: 2.3 }),
      makeRun('gelu', { model: { activation: 'gelu' } }, s, { loss: 2.35 }),
      makeRun('swiglu-matched', { model: { swigluParamMatched: true } }, s, { loss: 2.32 }),
    ]);
    const activation = judgeClaims(runs, ['activation'])[0]!;
    const loss = activation.effects.filter((e) => e.metric === 'finalValLoss');
    expect(loss.map((e) => [e.baseline.name, e.variant.name])).toEqual([
      ['swiglu', 'gelu'],
      ['swiglu-matched', 'gelu'],
    ]);
    expect(loss[1]!.delta).toBeCloseTo(0.03, 12);
  });
});
