// The builder's pure parts: the cross product of compared switches, its run labels, presets mapped onto the
// switches, and form fields read from the schema with their text → value rules.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import { COMPARE, countRuns, detectModes, planAblationRuns } from '../renderer/src/builder/ablations';
import { draftFromInput } from '../renderer/src/builder/draft';
import { listFormFields, parseFieldText, UNSET, writeDraftValue } from '../renderer/src/builder/fields';
import { listPresets } from '../renderer/src/builder/presets';

const palmModes = detectModes(parseConfig({}));

describe('planAblationRuns', () => {
  it('makes one unlabelled run when nothing is compared', () => {
    const plan = planAblationRuns({}, palmModes, 'tiny');
    expect(countRuns(palmModes)).toBe(1);
    expect(plan.ok && plan.runs.map((r) => [r.name, r.label])).toEqual([['tiny', '']]);
  });

  it('compares both attentions: the base first (label ""), then "attention: mqa→mha"', () => {
    const modes = { ...palmModes, attention: COMPARE };
    const plan = planAblationRuns({}, modes, 'tiny');
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.runs.map((r) => [r.name, r.label])).toEqual([
      ['tiny · mqa', ''],
      ['tiny · mha', 'attention: mqa→mha'],
    ]);
    expect(plan.runs[1]!.config.model.kvHeads).toBe(4);
  });

  it('takes the cross product of several compared switches and labels each run by every difference', () => {
    const modes = { ...palmModes, block: COMPARE, attention: COMPARE, optimizer: COMPARE };
    expect(countRuns(modes)).toBe(8);
    const plan = planAblationRuns({}, modes, 'x');
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.runs).toHaveLength(8);
    expect(plan.runs.at(-1)?.label).toBe('block: parallel→serial, attention: mqa→mha, optimizer.name: adafactor→adamw');
    expect(new Set(plan.runs.map((r) => r.name)).size).toBe(8);
  });

  it('sets a switch to its single choice on every run', () => {
    const plan = planAblationRuns({}, { ...palmModes, position: 'learned', bias: COMPARE }, 'p');
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.runs.every((r) => r.config.model.position === 'learned')).toBe(true);
    expect(plan.runs.map((r) => r.label)).toEqual(['', 'bias: false→true']);
  });

  it('fails with the schema issue when a combination is invalid (rope needs an even head size)', () => {
    const plan = planAblationRuns({ model: { headDim: 15 } }, { ...palmModes, position: COMPARE }, 'odd');
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.issues[0]).toMatchObject({ path: 'model.headDim' });
  });

  it('sets vocabulary size with the tokenizer, so "compare both" vocabularies are valid', () => {
    const plan = planAblationRuns({}, { ...palmModes, vocabulary: COMPARE }, 'v');
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.runs.map((r) => [r.config.data.tokenizer, r.config.model.vocabSize])).toEqual([
      ['byte', 256],
      ['bpe', 512],
    ]);
  });
});

describe('presets', () => {
  const presets = listPresets();

  it('offers PaLM-tiny, the GPT-style baseline and every experiments/*.json', () => {
    const names = presets.map((p) => p.name);
    expect(names.slice(0, 2)).toEqual(['PaLM-tiny', 'GPT-style baseline']);
    expect(names).toEqual(
      expect.arrayContaining([
        'mha-vs-mqa',
        'serial-vs-parallel',
        'learned-vs-rope',
        'adam-vs-adafactor',
        'palm-vs-gpt',
      ]),
    );
  });

  it('maps one-switch variants onto a compared switch (GQA kept) and reads the GPT baseline as every alternative', () => {
    // Was: modes.attention "compare" with 2 runs, which dropped the spec's GQA variant (issue 13).
    const mqa = presets.find((p) => p.name === 'mha-vs-mqa');
    expect(mqa?.modes.attention).toBe('compare:mqa,mha,gqa');
    expect(mqa?.modes.kvHeads).toBe('2');
    expect(mqa && countRuns(mqa.modes)).toBe(3);
    const gpt = presets.find((p) => p.name === 'GPT-style baseline');
    expect(gpt?.modes).toMatchObject({
      block: 'serial',
      attention: 'mha',
      position: 'learned',
      optimizer: 'adamw',
      activation: 'gelu',
      bias: 'bias',
      tieEmbeddings: 'untied',
    });
  });
});

describe('form fields', () => {
  const fields = listFormFields();
  const field = (key: string) => fields.find((f) => f.key === key)!;

  it('lists every schema key the switches do not own', () => {
    const keys = fields.map((f) => f.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'model.dModel',
        'model.nLayers',
        'optimizer.learningRate',
        'train.steps',
        'data.maxBytes',
        'model.norm',
      ]),
    );
    expect(keys).not.toContain('model.attention');
    expect(keys).not.toContain('model.kvHeads');
    expect(field('model.norm')).toMatchObject({ kind: 'enum', options: ['layernorm', 'rmsnorm'] });
    expect(field('model.bias' as string)).toBeUndefined();
  });

  it('turns text into values the schema validates: numbers, null, unset, or the text itself', () => {
    expect(parseFieldText(field('model.dModel'), ' 64 ')).toBe(64);
    expect(parseFieldText(field('model.dModel'), '1e-')).toBe('1e-');
    expect(parseFieldText(field('model.dModel'), '')).toBe('');
    expect(parseFieldText(field('data.maxBytes'), '')).toBeNull();
    expect(parseFieldText(field('model.maxPositions'), '')).toBe(UNSET);
    const draft = writeDraftValue(draftFromInput({}), 'model.maxPositions', 64);
    expect(writeDraftValue(draft, 'model.maxPositions', UNSET).model).not.toHaveProperty('maxPositions');
  });

  it('drafts a preset without derived keys, so switching attention stays valid', () => {
    const draft = draftFromInput({ model: { attention: 'mqa' } });
    expect(draft.model).not.toHaveProperty('kvHeads');
    expect(draft.model).not.toHaveProperty('maxPositions');
    expect(planAblationRuns(draft, { ...palmModes, attention: COMPARE }, 'd').ok).toBe(true);
  });
});
