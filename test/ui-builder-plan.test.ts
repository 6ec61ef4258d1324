// The builder's second edition: presets plan exactly the runs of their experiment spec (none dropped), GQA and ReLU
// reachable, the live estimate against hand-computed sizes, absurd sizes refused, the builder kept across reloads.
import { describe, expect, it } from 'vitest';
import { expandExperiment, parseConfig } from '../core/config';
import { parseExperiment } from '../core/claims';
import { ABLATION_AXES, compareMode, detectModes, planAblationRuns } from '../renderer/src/builder/ablations';
import { createBuilderStore } from '../renderer/src/builder/builder-store';
import { BUILDER_STORAGE_KEY } from '../renderer/src/builder/builder-snapshot';
import { draftFromInput } from '../renderer/src/builder/draft';
import {
  checkRunSize,
  countOptimizerStateFloats,
  estimateRun,
  findMeasuredFlopsPerSec,
} from '../renderer/src/builder/estimate';
import { listPresets, presetFromExperiment } from '../renderer/src/builder/presets';
import { readFileSync, readdirSync } from 'node:fs';

const experimentFiles = readdirSync('experiments').filter((f) => f.endsWith('.json'));
const axis = (id: string) => ABLATION_AXES.find((a) => a.id === id)!;
const palmModes = detectModes(parseConfig({}));

/** Configs as sorted JSON, so two plans compare as sets of runs. */
const configSet = (configs: unknown[]) => configs.map((c) => JSON.stringify(c)).sort();

describe('presets keep every run of their experiment', () => {
  for (const file of experimentFiles) {
    it(`${file}: the builder plans the same configs as the spec`, () => {
      const exp = parseExperiment(JSON.parse(readFileSync(`experiments/${file}`, 'utf8')), file);
      const preset = presetFromExperiment(exp, file);
      const plan = planAblationRuns(draftFromInput(preset.base), preset.modes, exp.name, preset);
      if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
      const spec = expandExperiment(exp);
      expect(plan.runs).toHaveLength(spec.length);
      expect(configSet(plan.runs.map((r) => r.config))).toEqual(configSet(spec.map((r) => r.config)));
      // The base comes first and is unlabelled, as in the spec.
      expect(plan.runs[0]!.label).toBe('');
    });
  }

  it('palm-vs-gpt and adam-vs-adafactor keep their variants as runs with readable names', () => {
    const presets = listPresets();
    const gpt = presets.find((p) => p.name === 'palm-vs-gpt')!;
    const plan = planAblationRuns(draftFromInput(gpt.base), gpt.modes, 'palm-vs-gpt', gpt);
    expect(plan.ok && plan.runs.map((r) => r.name)).toEqual(['palm-vs-gpt · palm', 'palm-vs-gpt · gpt']);
    const adam = presets.find((p) => p.name === 'adam-vs-adafactor')!;
    expect(adam.variants.map((v) => v.name)).toEqual(['adamw', 'adafactor-factored']);
  });

  it('swiglu-vs-gelu compares SwiGLU, GELU and the parameter-matched SwiGLU', () => {
    const preset = listPresets().find((p) => p.name === 'swiglu-vs-gelu')!;
    expect(preset.modes.activation).toBe('compare:swiglu,gelu,swiglu-matched');
    expect(preset.variants).toEqual([]);
  });
});

describe('switches', () => {
  it('reach grouped-query attention with k K/V heads, and ReLU', () => {
    const plan = planAblationRuns({}, { ...palmModes, attention: 'gqa', kvHeads: '2', activation: 'relu' }, 'g');
    if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
    expect(plan.runs[0]!.config.model).toMatchObject({ attention: 'gqa', kvHeads: 2, activation: 'relu' });
  });

  it('compare exactly the checked choices, and say what is wrong with a bad head count', () => {
    const modes = { ...palmModes, attention: compareMode(axis('attention'), ['mha', 'gqa']), kvHeads: '3' };
    const plan = planAblationRuns({}, modes, 'c');
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.issues[0]).toMatchObject({ path: 'model.kvHeads' });
    const fixed = planAblationRuns({}, { ...modes, kvHeads: '2' }, 'c');
    expect(fixed.ok && fixed.runs.map((r) => r.name)).toEqual(['c · mha', 'c · gqa']);
  });

  it('name runs in words for switches whose choices are on/off', () => {
    const plan = planAblationRuns({}, { ...palmModes, zLoss: 'compare', bias: 'compare' }, 'z');
    expect(plan.ok && plan.runs.map((r) => r.name)).toEqual([
      'z · no bias · z-loss',
      'z · no bias · no z-loss',
      'z · bias · z-loss',
      'z · bias · no z-loss',
    ]);
  });
});

describe('live estimate', () => {
  // D 16, 1 layer, 2 heads × 8, MQA, SwiGLU F = 64, V 256, tied, RoPE, LayerNorm without bias, T 16.
  const tiny = parseConfig({ model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 16 } });
  // embed 256·16 = 4096; attention 16·16 + 2·16·8 + 16·16 = 768; MLP 3·16·64 = 3072; norms (1 + 1)·16 = 32.
  const params = 4096 + 768 + 3072 + 32;

  it('counts parameters and the memory of weights, gradients and Adafactor state', () => {
    const e = estimateRun(tiny, null);
    expect(e.params).toBe(params);
    // Adafactor with β₁ 0.9, unfactored: momentum + second moment, one float each per parameter.
    expect(e.optimizerStateBytes).toBe(2 * params * 4);
    expect(e.trainingBytes).toBe(4 * params * 4);
    expect(e.largestTensorBytes).toBe(4096 * 4);
    expect(e.etaMs).toBeNull();
  });

  it('factors the second moments of matrices at least minDimSizeToFactor on each side', () => {
    const factored = parseConfig({
      model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 16 },
      optimizer: { factored: true, minDimSizeToFactor: 16, beta1: null },
    });
    // Factored (both sides ≥ 16): embed 256×16 → 272, wq 16×16 → 32, wo 16×16 → 32, w_gate/w_up 16×64 and
    // w_down 64×16 → 80 each. wk, wv (16×8) and the norms stay whole: 2·128 + 32.
    expect(countOptimizerStateFloats(factored)).toBe(272 + 32 + 32 + 3 * 80 + 2 * 128 + 32);
    expect(countOptimizerStateFloats(parseConfig({ optimizer: { name: 'adamw' } }))).toBe(
      2 * estimateRun(parseConfig({}), null).params,
    );
  });

  it('times a run from the measured model FLOP/s of the newest run on this backend', () => {
    const point = (flopsPerSec: number) => ({ flopsPerSec });
    const runs = [
      { record: { backend: 'webgpu', createdAt: '2025-01-02' }, metrics: [point(1e9), point(3e9), point(2e9)] },
      { record: { backend: 'webgpu', createdAt: '2025-01-01' }, metrics: [point(9e9)] },
      { record: { backend: 'wasm', createdAt: '2025-01-03' }, metrics: [point(5e8)] },
    ];
    expect(findMeasuredFlopsPerSec(runs, 'webgpu')).toBe(2e9);
    expect(findMeasuredFlopsPerSec(runs, 'cpu')).toBeNull();
    const e = estimateRun(tiny, 2e9);
    expect(e.tokensPerSec).toBeCloseTo(2e9 / e.flopsPerToken, 6);
    // 300 steps × 16 sequences × 16 tokens at that rate.
    expect(e.etaMs).toBeCloseTo(((300 * 16 * 16) / e.tokensPerSec!) * 1000, 6);
  });

  it('refuses a model of d_model 1e5 and 500 layers with a message that says why', () => {
    const huge = parseConfig({ model: { dModel: 100_000, nLayers: 500 } });
    expect(checkRunSize(estimateRun(huge, null))).toMatch(/too large to train here: \d+ GiB/);
    expect(checkRunSize(estimateRun(tiny, null))).toBeNull();
    expect(checkRunSize(estimateRun(tiny, null), 1024)).toMatch(/exceeds this GPU's largest buffer/);
  });
});

describe('builder persistence', () => {
  it('comes back after a reload as it was left, and ignores a snapshot that does not parse', () => {
    const storage = new Map<string, string>();
    const local = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    };
    const presets = listPresets();
    const first = createBuilderStore(presets[0]!, local);
    first.getState().loadPreset(presets.find((p) => p.name === 'mha-vs-mqa')!);
    first.getState().setField('model.dModel', 48);
    first.getState().setName('my experiment');
    const again = createBuilderStore(presets[0]!, local).getState();
    expect(again.name).toBe('my experiment');
    expect(again.draft.model?.dModel).toBe(48);
    expect(again.modes.attention).toBe('compare:mqa,mha,gqa');
    storage.set(BUILDER_STORAGE_KEY, '{"presetId": 3}');
    expect(createBuilderStore(presets[0]!, local).getState().presetId).toBe(presets[0]!.id);
  });
});
