// Scale ladders in experiment specs: every variant at every rung, token budgets turned into steps (explicit, or
// k · parameters with a cap), the rung recorded per run, and errors that name the rung and the key.
import { describe, expect, it } from 'vitest';
import { checkRunCount, ExperimentError } from '../core/config/experiment';
import { expandExperiment, planRuns, repeatRuns } from '../core/config/plan';
import { parseExperiment } from '../core/claims';
import { parseConfig } from '../core/config/parse';
import { countParams } from '../core/metrics/params';

const base = {
  model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 16 },
  train: { batchSize: 4, steps: 10 },
  data: { corpus: 'moby-dick' },
};
const spec = {
  name: 'ladder',
  baseName: 'parallel',
  base,
  variants: [{ name: 'serial', overrides: { 'model.block': 'serial' } }],
  ladder: [
    { name: 's', model: { dModel: 16 }, tokens: 640 },
    { name: 'm', model: { dModel: 32, nLayers: 2 }, tokensPerParam: 0.05, maxTokens: 1e9 },
    { model: { dModel: 64, nLayers: 2 }, tokensPerParam: 1, maxTokens: 3200 },
  ],
};

function errorOf(json: unknown): ExperimentError {
  try {
    parseExperiment(json, 'experiments/x.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ExperimentError);
    return e as ExperimentError;
  }
  throw new Error('expected parseExperiment to throw');
}

describe('ladder planning', () => {
  const exp = parseExperiment(spec, 'experiments/ladder.json');
  const runs = expandExperiment(exp);

  it('runs every variant at every rung, rung by rung, and records the rung', () => {
    expect(runs.map((r) => r.name)).toEqual([
      'parallel · s',
      'serial · s',
      'parallel · m',
      'serial · m',
      'parallel · rung 3',
      'serial · rung 3',
    ]);
    expect(runs.map((r) => r.rung)).toEqual([
      { index: 0, name: 's' },
      { index: 0, name: 's' },
      { index: 1, name: 'm' },
      { index: 1, name: 'm' },
      { index: 2, name: 'rung 3' },
      { index: 2, name: 'rung 3' },
    ]);
    expect(runs.map((r) => [r.config.model.dModel, r.config.model.block])).toEqual([
      [16, 'parallel'],
      [16, 'serial'],
      [32, 'parallel'],
      [32, 'serial'],
      [64, 'parallel'],
      [64, 'serial'],
    ]);
  });

  it('turns each budget into steps of batch · seqLen tokens, the same for every variant of a rung', () => {
    const tokensPerStep = 4 * 16;
    const mParams = countParams(parseConfig({ ...base, model: { ...base.model, dModel: 32, nLayers: 2 } }).model).total;
    expect(runs.map((r) => r.config.train.steps)).toEqual([
      640 / tokensPerStep,
      640 / tokensPerStep,
      Math.round((0.05 * mParams) / tokensPerStep),
      Math.round((0.05 * mParams) / tokensPerStep),
      3200 / tokensPerStep, // 1 token per parameter is capped at 3,200
      3200 / tokensPerStep,
    ]);
  });

  it('labels each run against the base at its own rung', () => {
    expect(runs.map((r) => r.label)).toEqual([
      '',
      'block: parallel→serial',
      '',
      'block: parallel→serial',
      '',
      'block: parallel→serial',
    ]);
  });

  it('pairs seeds across variants within a rung, and counts rungs in the run limit', () => {
    const seeded = repeatRuns(runs, 2);
    expect(seeded.map((r) => `${r.name}/${r.config.train.seed}`).slice(0, 3)).toEqual([
      'parallel · s/0',
      'serial · s/0',
      'parallel · m/0',
    ]);
    expect(planRuns(exp)).toHaveLength(6);
    expect(() => checkRunCount(exp, 200, 'x.json')).toThrow(/1,200 runs \(2 rows × 3 rungs × 200 repeats\)/);
  });

  it('takes a config preset as a rung, under the variants', () => {
    const withPreset = parseExperiment(
      { name: 'p', base, ladder: [{ preset: 'palm-small', tokens: 8192 * 4 }] },
      'experiments/p.json',
    );
    const [run] = expandExperiment(withPreset);
    expect(run!.name).toBe('base · palm-small');
    expect(run!.config.model.dModel).toBe(512);
    expect(run!.config.train.steps).toBe(4); // 32,768 tokens / (32 · 256)
  });
});

describe('ladder errors', () => {
  it('names the rung and the key', () => {
    expect(errorOf({ ...spec, ladder: [{ model: { dModl: 8 } }] }).message).toContain(
      'experiments/x.json: ladder[0]["model.dModl"]: unknown config key',
    );
    expect(errorOf({ ...spec, ladder: [{ model: { nHeads: 0 } }] }).message).toContain(
      'experiments/x.json: ladder[0]: model.nHeads must be a positive integer',
    );
    expect(errorOf({ ...spec, ladder: [{ tokens: 10, tokensPerParam: 2 }] }).message).toContain(
      'ladder[0]: give tokens or tokensPerParam, not both',
    );
    expect(errorOf({ ...spec, ladder: [{ maxTokens: 10 }] }).message).toContain('give tokensPerParam too');
    expect(errorOf({ ...spec, ladder: [{ tokns: 10 }] }).message).toContain(
      'ladder[0]: unknown key "tokns"; allowed here: name, preset, model, overrides, tokens, tokensPerParam, maxTokens',
    );
    expect(errorOf({ ...spec, targetLoss: 0 }).message).toContain('experiments/x.json: targetLoss: must be > 0');
    expect(errorOf({ ...spec, instabilityMargin: -0.1 }).message).toContain(
      'experiments/x.json: instabilityMargin: must be > 0',
    );
    expect(errorOf({ ...spec, ladder: [{ preset: 'palm-huge' }] }).message).toContain(
      'ladder[0].preset: must be a config preset: palm-small, palm-base',
    );
  });

  it('refuses a key set by a rung and a variant, a duplicate rung name, and steps beside a budget', () => {
    expect(errorOf({ ...spec, ladder: [{ overrides: { 'model.block': 'serial' } }] }).message).toContain(
      'ladder[0]["model.block"]: is set by the rung and by a variant or the sweep',
    );
    expect(errorOf({ ...spec, ladder: [{ name: 'a' }, { name: 'a' }] }).message).toContain(
      'ladder[1].name: "a" is already the name of ladder[0]',
    );
    expect(errorOf({ ...spec, ladder: [{ tokens: 100, overrides: { 'train.steps': 3 } }] }).message).toContain(
      "is set by the rung's token budget",
    );
  });
});
