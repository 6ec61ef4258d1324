// The comparison table and the paper panel (pure): sorting with unknowns last, differences against a baseline,
// and claim-vs-measured built from the newest pair of runs that differ in one headline switch.
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../core/config';
import type { RunData, RunSummary } from '../core/record';
import { buildComparisonRows, COLUMNS, describeDifference, sortRows } from '../renderer/src/panels/comparison';
import { buildPaperFindings, describeTestedClaims } from '../renderer/src/panels/paper';
import { buildExperimentSpec } from '../renderer/src/panels/experiment-spec';
import { expandExperiment } from '../core/config';
import { parseExperiment } from '../core/claims';
import { COMPARE, detectModes, planAblationRuns } from '../renderer/src/builder/ablations';
import { makePoint } from './ui-fakes';

const summary = (finalValLoss: number, tokensPerSec: number, kv: number): RunSummary => ({
  params: 1000,
  flopsPerToken: 6000,
  steps: 10,
  tokens: 640,
  wallMs: 1000,
  finalTrainLoss: finalValLoss - 0.1,
  finalValLoss,
  bestValLoss: finalValLoss,
  tokensPerSec,
  mfu: null,
  peak: null,
  peakBytes: 1,
  paramBytes: 1,
  optimizerStateBytes: 1,
  kvCacheBytesPerToken: kv,
});
const runData = (id: string, input: ConfigInput, s: RunSummary | null, label = ''): RunData => ({
  record: {
    id,
    name: id,
    label,
    config: parseConfig(input),
    seed: 0,
    backend: 'cpu',
    status: s ? 'done' : 'running',
    createdAt: '',
    summary: s,
  },
  metrics: [makePoint(1)],
});

describe('comparison', () => {
  const runs = [
    runData('mqa', {}, summary(2.5, 1000, 128)),
    runData('mha', { model: { attention: 'mha' } }, summary(2.4, 900, 512), 'attention: mqa→mha'),
    runData('live', {}, null),
  ];

  it('sorts by a column either way, unknown values last', () => {
    const rows = buildComparisonRows(runs);
    expect(sortRows(rows, 'finalValLoss', true).map((r) => r.id)).toEqual(['mha', 'mqa', 'live']);
    expect(sortRows(rows, 'finalValLoss', false).map((r) => r.id)).toEqual(['mqa', 'mha', 'live']);
    expect(sortRows(rows, 'name', true).map((r) => r.id)).toEqual(['live', 'mha', 'mqa']);
  });

  it('shows losses as differences and rates or sizes as ratios against the baseline', () => {
    const col = (id: string) => COLUMNS.find((c) => c.id === id)!;
    expect(describeDifference(col('finalValLoss'), 2.4, 2.5)).toBe('−0.100');
    expect(describeDifference(col('kvCacheBytesPerToken'), 512, 128)).toBe('×4.00');
    expect(describeDifference(col('tokensPerSec'), null, 128)).toBe('');
  });
});

describe('paper panel', () => {
  it('measures an ablation from a pair differing in that switch alone, PaLM first', () => {
    const findings = buildPaperFindings([
      runData('mqa', {}, summary(2.5, 1000, 128)),
      runData('mha', { model: { attention: 'mha' } }, summary(2.4, 900, 512)),
      runData('serial-mha', { model: { attention: 'mha', block: 'serial' } }, summary(2.6, 800, 512)),
    ]);
    const attention = findings.find((f) => f.claim.id === 'attention')!;
    expect(attention.pair).toEqual(['mqa', 'mha']);
    expect(attention.measured).toContain('KV cache per token: mqa 128 B · mha 512 B (×4.00)');
    expect(findings.find((f) => f.claim.id === 'block')?.pair).toEqual(['mha', 'serial-mha']);
    expect(findings.find((f) => f.claim.id === 'position')?.pair).toBeNull();
  });

  it('lets the optimizer pair differ in other optimizer keys (AdamW brings its own learning rate)', () => {
    const findings = buildPaperFindings([
      runData('ada', {}, summary(2.5, 1000, 128)),
      runData('adamw', { optimizer: { name: 'adamw', learningRate: 3e-3 } }, summary(2.4, 1000, 128)),
    ]);
    expect(findings.find((f) => f.claim.id === 'optimizer')?.pair).toEqual(['ada', 'adamw']);
  });
});

describe('report claim', () => {
  it('names the claims a set of runs tests, and none when no switch is compared alone', () => {
    const mqa = runData('mqa', {}, summary(2.5, 1000, 128));
    const mha = runData('mha', { model: { attention: 'mha' } }, summary(2.4, 900, 512));
    expect(describeTestedClaims([mqa, mha])).toMatch(/^Attention \(mqa vs mha\): Multi-query attention is neutral/);
    expect(describeTestedClaims([mqa])).toBeUndefined();
  });
});

describe('experiment spec export', () => {
  it('writes a spec that parses back into the same runs', () => {
    const plan = planAblationRuns(
      { model: { dModel: 32 } },
      { ...detectModes(parseConfig({})), attention: COMPARE, block: COMPARE },
      'x',
    );
    if (!plan.ok) throw new Error('plan failed');
    const spec = buildExperimentSpec('x', '', plan.runs);
    const runs = expandExperiment(parseExperiment(JSON.parse(JSON.stringify(spec)), 'x.json'));
    expect(runs.map((r) => r.config)).toEqual(plan.runs.map((r) => r.config));
    expect(runs[3]!.label).toBe('block: parallel→serial, attention: mqa→mha');
  });
});
