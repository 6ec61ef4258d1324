// Experiment specs: parsing with file + JSON-path errors, overrides, expansion, labels, and every preset in experiments/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverrides, ExperimentError } from '../core/config/experiment';
import { expandExperiment, type ExperimentRun } from '../core/config/plan';
import { parseExperiment } from '../core/claims';
import { describeConfigDiff, listConfigChanges } from '../core/config/labels';
import { ConfigError, parseConfig } from '../core/config/parse';

const tiny = { model: { dModel: 32, nLayers: 1, nHeads: 2, headDim: 16, seqLen: 16 }, train: { steps: 10 } };

function errorOf(json: unknown): ExperimentError {
  try {
    parseExperiment(json, 'experiments/x.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ExperimentError);
    expect(e).toBeInstanceOf(ConfigError);
    return e as ExperimentError;
  }
  throw new Error('expected parseExperiment to throw');
}

describe('parseExperiment errors', () => {
  it('names the file, the override path and the allowed values', () => {
    const e = errorOf({
      name: 'x',
      base: tiny,
      variants: [
        { name: 'a', overrides: {} },
        { name: 'b', overrides: { 'model.attention': 'mqa2' } },
      ],
    });
    expect(e.message).toBe(
      'experiments/x.json: variants[1].overrides["model.attention"]: must be one of "mqa", "mha", "gqa" (got "mqa2")',
    );
  });

  it('rejects unknown dotted keys, naming the allowed ones', () => {
    const e = errorOf({
      name: 'x',
      variants: [{ name: 'a', overrides: { 'model.atention': 'mha', 'modle.dModel': 3 } }],
    });
    expect(e.issues.map((i) => i.path)).toEqual([
      'variants[0].overrides["model.atention"]',
      'variants[0].overrides["modle.dModel"]',
    ]);
    expect(e.issues[0]!.message).toContain('attention');
    expect(e.issues[1]!.message).toContain('model, optimizer, train, data');
  });

  it('reports bad spec shapes and unknown top-level keys', () => {
    expect(errorOf({ name: '', variants: [] }).message).toContain(
      'experiments/x.json: name: must be a non-empty string',
    );
    expect(errorOf({ name: 'x', varients: [] }).message).toContain(
      '(root): unknown key "varients"; allowed here: name,',
    );
    expect(errorOf({ name: 'x', variants: [{ name: 'a' }] }).message).toContain(
      'variants[0].overrides: must be an object',
    );
    expect(errorOf({ name: 'x', sweep: { 'model.dModel': [] } }).message).toContain(
      'sweep["model.dModel"]: must list at least one value',
    );
  });

  it('maps base errors to base.<key> and cross-key errors to the variant', () => {
    expect(errorOf({ name: 'x', base: { model: { dModel: -1 } } }).message).toBe(
      'experiments/x.json: base.model.dModel: must be a positive integer (got -1)',
    );
    const e = errorOf({
      name: 'x',
      base: tiny,
      variants: [{ name: 'sub', overrides: { 'data.tokenizer': 'subword' } }],
    });
    expect(e.message).toBe(
      'experiments/x.json: variants[0]: model.vocabSize must be > 256 with data.tokenizer "subword": 256 ids are its byte fallback (got 256)',
    );
  });

  it('maps sweep values to sweep["key"][index] and rejects duplicate names and variant/sweep clashes', () => {
    expect(errorOf({ name: 'x', base: tiny, sweep: { 'model.nLayers': [1, 0] } }).message).toBe(
      'experiments/x.json: sweep["model.nLayers"][1]: must be a positive integer (got 0)',
    );
    const dup = errorOf({ name: 'x', variants: [{ name: 'base', overrides: {} }] });
    expect(dup.message).toContain('variants[0].name: "base" is already the name of baseName');
    const clash = errorOf({
      name: 'x',
      variants: [{ name: 'a', overrides: { 'model.dModel': 64 } }],
      sweep: { 'model.dModel': [32] },
    });
    expect(clash.message).toContain('variants[0].overrides["model.dModel"]: is also a sweep axis');
  });
});

describe('applyOverrides', () => {
  it('sets dotted keys on a copy and leaves the input alone', () => {
    const out = applyOverrides(tiny, { 'model.attention': 'mha', 'optimizer.name': 'adamw' });
    expect(out.model).toMatchObject({ dModel: 32, attention: 'mha' });
    expect(out.optimizer).toEqual({ name: 'adamw' });
    expect(tiny.model).not.toHaveProperty('attention');
  });

  it('throws ConfigError for an unknown key', () => {
    expect(() => applyOverrides({}, { 'model.width': 3 })).toThrow(ConfigError);
  });
});

describe('describeConfigDiff', () => {
  const base = parseConfig(tiny);
  it('uses short names for model keys and hides kvHeads when attention implies it', () => {
    expect(describeConfigDiff(base, base)).toBe('');
    expect(describeConfigDiff(base, parseConfig(applyOverrides(tiny, { 'model.attention': 'mha' })))).toBe(
      'attention: mqa→mha',
    );
    const gqa = parseConfig(applyOverrides(tiny, { 'model.attention': 'gqa', 'model.kvHeads': 2 }));
    expect(describeConfigDiff(base, gqa)).toBe('attention: mqa→gqa, kvHeads: 1→2');
  });

  it('keeps section names for other keys and follows schema order', () => {
    const other = parseConfig(
      applyOverrides(tiny, { 'optimizer.name': 'adamw', 'model.bias': true, 'optimizer.beta1': null }),
    );
    expect(describeConfigDiff(base, other)).toBe(
      'bias: false→true, optimizer.name: adafactor→adamw, optimizer.beta1: 0.9→null',
    );
    expect(listConfigChanges(base, other)).toHaveLength(3);
  });
});

describe('expandExperiment', () => {
  it('gives the base (empty label) then each variant', () => {
    const exp = parseExperiment(
      { name: 'x', baseName: 'mqa', base: tiny, variants: [{ name: 'mha', overrides: { 'model.attention': 'mha' } }] },
      'x.json',
    );
    const runs = expandExperiment(exp);
    expect(runs.map((r) => [r.name, r.label])).toEqual([
      ['mqa', ''],
      ['mha', 'attention: mqa→mha'],
    ]);
    expect(runs[1]!.config.model.kvHeads).toBe(2);
  });

  it('crosses sweep axes, and variants × sweep points, resolving derived keys after overrides', () => {
    const sweep = { 'model.seqLen': [16, 32], 'train.batchSize': [4, 8, 16] };
    const only = expandExperiment(parseExperiment({ name: 'x', base: tiny, sweep }, 'x.json'));
    expect(only.map((r) => r.name)).toEqual([
      'seqLen=16, train.batchSize=4',
      'seqLen=16, train.batchSize=8',
      'seqLen=16, train.batchSize=16',
      'seqLen=32, train.batchSize=4',
      'seqLen=32, train.batchSize=8',
      'seqLen=32, train.batchSize=16',
    ]);
    expect(only[4]!.label).toBe('seqLen: 16→32, train.batchSize: 16→8');
    expect(only[4]!.config.model.maxPositions).toBe(32);
    const both = expandExperiment(
      parseExperiment(
        { name: 'x', base: tiny, variants: [{ name: 'serial', overrides: { 'model.block': 'serial' } }], sweep },
        'x.json',
      ),
    );
    expect(both).toHaveLength(12);
    expect(both[11]!.name).toBe('serial · seqLen=32, train.batchSize=16');
    expect(both[11]!.config.model.block).toBe('serial');
  });
});

describe('presets in experiments/', () => {
  const dir = join(import.meta.dirname, '..', 'experiments');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const expected = [
    'adam-vs-adafactor',
    'bias-vs-none',
    'byte-vs-subword',
    'learned-vs-rope',
    'mha-vs-mqa',
    'palm-vs-gpt',
    'serial-vs-parallel',
    'swiglu-vs-gelu',
  ];

  it('has every preset', () => {
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(expect.arrayContaining(expected));
  });

  it.each(files)('%s parses, states a claim, and is laptop-sized unless it says GPU-only', (file) => {
    const exp = parseExperiment(JSON.parse(readFileSync(join(dir, file), 'utf8')), `experiments/${file}`);
    expect(exp.name).toBe(file.replace(/\.json$/, ''));
    expect(exp.claim.length).toBeGreaterThan(20);
    const runs = expandExperiment(exp);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    // A ladder's base runs at each rung: the first run of every rung is that rung's base.
    const bases = runs.filter((r, i) => i === 0 || r.rung?.index !== runs[i - 1]!.rung?.index);
    for (const run of bases) expect(run.label).toBe('');
    for (const run of runs.filter((r) => !bases.includes(r))) expect(run.label).not.toBe('');
    if (exp.description.startsWith('GPU-only')) {
      expect(exp.name).toMatch(/-gpu$/);
      return;
    }
    for (const { config } of runs) {
      expect(config.model.dModel).toBeLessThanOrEqual(128);
      expect(config.model.nLayers).toBeLessThanOrEqual(4);
      expect(config.train.steps).toBeLessThanOrEqual(400);
      expect(config.data.maxBytes).toBeLessThanOrEqual(300_000);
    }
  });

  it('mha-vs-mqa and palm-vs-gpt vary what they say they vary', () => {
    const load = (name: string) =>
      expandExperiment(parseExperiment(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')), name));
    expect(load('mha-vs-mqa').map((r) => r.config.model.kvHeads)).toEqual([1, 4, 2]);
    const [palm, gpt] = load('palm-vs-gpt') as [ExperimentRun, ExperimentRun];
    expect(gpt.label).toContain('block: parallel→serial');
    expect(gpt.label).toContain('optimizer.name: adafactor→adamw');
    expect(palm.config.model).toMatchObject({
      attention: 'mqa',
      position: 'rope',
      activation: 'swiglu',
      bias: false,
      tieEmbeddings: true,
    });
    expect(gpt.config.model).toMatchObject({
      attention: 'mha',
      position: 'learned',
      activation: 'gelu',
      bias: true,
      tieEmbeddings: false,
    });
  });
});
