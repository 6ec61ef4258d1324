// Speeds judged from the interleaved bench: two variants' tokens/s paired round by round, the ratio and its 95%
// interval (numbers from numpy/scipy: test/golden/bench_speeds.py), only for variants timed together; and the recipe
// claim's tokens/s test judged on them in the verdicts and the report, where runs timed apart stay unjudged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../core/config';
import { buildHtmlReport, judgeClaims } from '../core/report';
import { pairBenchSpeeds } from '../core/report/bench-speeds';
import { describeDirection, explainVerdict } from '../core/report/plain-words';
import type { BenchSpeed } from '../core/report/to-target';
import type { RunData, RunSummary } from '../core/record';
import { makePoint } from './ui-fakes';

interface GoldenCase {
  base: number[];
  variant: number[];
  ratio: number;
  ci95: [number, number];
  delta: number;
  deltaCi95: [number, number];
  agreeing: number;
  baseMedian: number;
  variantMedian: number;
}
const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'bench_speeds.json'), 'utf8')) as {
  cases: GoldenCase[];
};

const speed = (rounds: number[], set = 0, backend = 'wasm'): BenchSpeed => ({
  tokensPerSec: [...rounds].sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!,
  iqr: [Math.min(...rounds), Math.max(...rounds)],
  backend,
  rounds,
  set,
});

describe('pairBenchSpeeds', () => {
  it('pairs the rounds: exp(mean log ratio) and its t-interval, as scipy computes them', () => {
    for (const c of golden.cases) {
      const paired = pairBenchSpeeds(
        new Map([
          ['base', speed(c.base)],
          ['alt', speed(c.variant)],
        ]),
        'base',
        'alt',
      )!;
      expect(paired.ratio.n).toBe(c.base.length);
      expect(paired.ratio.ratio).toBeCloseTo(c.ratio, 12);
      expect(paired.ratio.ci95![0]).toBeCloseTo(c.ci95[0], 10);
      expect(paired.ratio.ci95![1]).toBeCloseTo(c.ci95[1], 10);
      expect(paired.agreeing).toBe(c.agreeing);
    }
  });

  it('pairs nothing not timed together: another set, another backend, other round counts, no rounds, no bench', () => {
    const base = golden.cases[0]!.base;
    const alt = golden.cases[0]!.variant;
    const pair = (a: BenchSpeed, b: BenchSpeed) =>
      pairBenchSpeeds(
        new Map([
          ['a', a],
          ['b', b],
        ]),
        'a',
        'b',
      );
    expect(pair(speed(base, 0), speed(alt, 1))).toBeNull();
    expect(pair(speed(base), speed(alt, 0, 'webgpu'))).toBeNull();
    expect(pair(speed(base), speed(alt.slice(1)))).toBeNull();
    expect(pair(speed(base), { tokensPerSec: 1000, iqr: [990, 1010], backend: 'wasm' })).toBeNull();
    expect(pairBenchSpeeds(undefined, 'a', 'b')).toBeNull();
  });
});

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

function makeRun(name: string, input: ConfigInput, seed: number, loss: number, tokensPerSec: number): RunData {
  const config = parseConfig({ ...input, train: { ...input.train, seed } });
  const summary: RunSummary = {
    params: 100_000,
    flopsPerToken: 6e5,
    steps: 100,
    tokens: 100_000,
    wallMs: 10_000,
    finalTrainLoss: loss,
    finalValLoss: loss,
    bestValLoss: loss,
    tokensPerSec,
    mfu: null,
    peak: null,
    peakBytes: 1,
    paramBytes: 1,
    optimizerStateBytes: 1,
    kvCacheBytesPerToken: config.model.kvHeads * 1024,
  };
  const record = { id: `${name}-${seed}`, name, label: '', config, seed, backend: 'wasm', status: 'done' as const };
  return {
    record: { ...record, createdAt: '', summary },
    metrics: [{ ...makePoint(100), tokens: 100_000, valLoss: loss }],
  };
}

describe('the recipe claim judged on bench speeds', () => {
  // GPT-style's runs happened to train faster (another load on the machine): their own speeds are never compared.
  const runs = [
    ...[2.3, 2.31, 2.32].map((loss, s) => makeRun('palm', {}, s, loss, 900)),
    ...[2.34, 2.33, 2.37].map((loss, s) => makeRun('gpt', GPT, s, loss, 1400)),
  ];
  const c = golden.cases[0]!;
  const speeds = new Map([
    ['palm', speed(c.base)],
    ['gpt', speed(c.variant)],
  ]);

  it('judges tokens/s on the paired rounds: GPT-style ~20% slower [18%, 22%] in 4 of 4 rounds, PaLM better', () => {
    const recipe = judgeClaims(runs, ['recipe'], { speeds })[0]!;
    const tps = recipe.effects.find((e) => e.metric === 'tokensPerSec')!;
    expect(tps.timedApart).toBeUndefined();
    expect(tps).toMatchObject({ n: 4, agreeing: 4, pairedOver: 'rounds', relative: true, verdict: 'supported' });
    expect(tps.delta).toBeCloseTo(c.delta, 12);
    expect(tps.ci95![0]).toBeCloseTo(c.deltaCi95[0], 10);
    expect(tps.ci95![1]).toBeCloseTo(c.deltaCi95[1], 10);
    // Each side's figure is the bench's, not the runs' own 900 and 1400.
    expect(tps.baseline.mean).toBe(speed(c.base).tokensPerSec);
    expect(tps.variant.mean).toBe(speed(c.variant).tokensPerSec);
    expect(describeDirection(tps)).toBe(
      'training tokens/s: GPT-style is 20% slower than PaLM [18%, 22%], 4 of 4 rounds',
    );
    expect(explainVerdict(tps)).toBe('PaLM is ahead, as the paper says (the interval excludes 0)');
    expect(recipe.notes.join('\n')).not.toContain('timed separately');
    expect(recipe.verdict).toBe('supported');
  });

  it('without a bench, says the speeds are not comparable and leaves them unjudged', () => {
    const tps = judgeClaims(runs, ['recipe'])[0]!.effects.find((e) => e.metric === 'tokensPerSec')!;
    expect(tps).toMatchObject({ timedApart: true, verdict: 'inconclusive' });
    expect(explainVerdict(tps)).toBe('not judged: speed not comparable: timed separately');
  });

  it('two rounds give the wide t(0.975, 1) interval; one round none, and the reason names the bench', () => {
    const two = golden.cases[2]!;
    const twoRounds = new Map([
      ['palm', speed(two.base)],
      ['gpt', speed(two.variant)],
    ]);
    const tps = judgeClaims(runs, ['recipe'], { speeds: twoRounds })[0]!.effects.find(
      (e) => e.metric === 'tokensPerSec',
    )!;
    expect(tps.ci95![0]).toBeCloseTo(two.deltaCi95[0], 10);
    expect(tps.ci95![1]).toBeCloseTo(two.deltaCi95[1], 10);
    const oneRound = new Map([
      ['palm', speed([1000])],
      ['gpt', speed([900])],
    ]);
    const one = judgeClaims(runs, ['recipe'], { speeds: oneRound })[0]!.effects.find(
      (e) => e.metric === 'tokensPerSec',
    )!;
    expect(one).toMatchObject({ n: 1, ci95: null, verdict: 'inconclusive' });
    expect(explainVerdict(one)).toBe('one bench round gives no interval: bench 2 or more steps per variant');
    expect(describeDirection(one)).toMatch(/\(no interval: one round\)$/);
  });

  it("goes into the report from the experiment's speeds, as the CLI's speed.json does", () => {
    const html = buildHtmlReport(runs, {
      name: 'palm-vs-gpt',
      claims: ['recipe'],
      speeds: [
        { name: 'palm', ...speed(c.base) },
        { name: 'gpt', ...speed(c.variant) },
      ],
    });
    expect(html).toContain('GPT-style is 20% slower than PaLM [18%, 22%], 4 of 4 rounds');
    expect(html).not.toContain('timed separately');
  });
});
