// Repeats in experiment specs: `repeats` validated, runs repeated seed by seed with the same seed list for every
// run (so variants pair by seed), names and labels kept; `claims` ids checked against the claims table.
import { describe, expect, it } from 'vitest';
import { ExperimentError } from '../core/config/experiment';
import { expandExperiment, repeatRuns } from '../core/config/plan';
import { parseExperiment } from '../core/claims';

const tiny = { model: { dModel: 32, nLayers: 1, nHeads: 2, headDim: 16, seqLen: 16 }, train: { steps: 10, seed: 5 } };
const spec = (extra: object) => ({
  name: 'x',
  base: tiny,
  variants: [{ name: 'mha', overrides: { 'model.attention': 'mha' } }],
  ...extra,
});

describe('repeats', () => {
  it('defaults to one seed and reads k from the spec', () => {
    expect(parseExperiment(spec({}), 'x.json').repeats).toBe(1);
    expect(parseExperiment(spec({ repeats: 3 }), 'x.json').repeats).toBe(3);
  });

  it('refuses a repeat count that is not a positive integer, naming the key', () => {
    expect(() => parseExperiment(spec({ repeats: 0 }), 'x.json')).toThrow(/x\.json: repeats: must be ≥ 1/);
    expect(() => parseExperiment(spec({ repeats: 1.5 }), 'x.json')).toThrow(/repeats: must be an integer/);
    expect(() => repeatRuns([], 0)).toThrow(/repeats must be an integer ≥ 1/);
  });

  it('trains every run at seeds seed, seed + 1, ..., seed by seed, keeping names and labels', () => {
    const runs = repeatRuns(expandExperiment(parseExperiment(spec({}), 'x.json')), 3);
    expect(runs.map((r) => [r.name, r.config.train.seed, r.label])).toEqual([
      ['base', 5, ''],
      ['mha', 5, 'attention: mqa→mha'],
      ['base', 6, ''],
      ['mha', 6, 'attention: mqa→mha'],
      ['base', 7, ''],
      ['mha', 7, 'attention: mqa→mha'],
    ]);
  });
});

describe('claims in a spec', () => {
  it('takes the claim text from the table, unless the spec gives its own', () => {
    expect(parseExperiment(spec({ claims: ['attention'] }), 'x.json').claim).toMatch(/^Attention \(mqa vs mha\)/);
    expect(parseExperiment(spec({ claims: ['attention'], claim: 'mine' }), 'x.json').claim).toBe('mine');
  });

  it('refuses an unknown claim id and lists the known ones', () => {
    const err = (() => {
      try {
        parseExperiment(spec({ claims: ['attn'] }), 'x.json');
      } catch (e) {
        return e as ExperimentError;
      }
      throw new Error('expected an error');
    })();
    expect(err).toBeInstanceOf(ExperimentError);
    expect(err.message).toContain('x.json: claims[0]: must be a claim id: block, attention, position');
  });
});
