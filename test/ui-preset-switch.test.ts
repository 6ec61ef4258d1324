// Switching preset keeps the builder's settings the user changed, unless the new preset sets them itself.
import { describe, expect, it } from 'vitest';
import { switchPreset } from '../renderer/src/builder/preset-switch';
import { listPresets } from '../renderer/src/builder/presets';
import { createBuilderStore } from '../renderer/src/builder/builder-store';

const presets = listPresets();
const byName = (name: string) => presets.find((p) => p.name === name)!;

describe('switching preset', () => {
  it('keeps changed settings and seeds, and takes what the new preset sets itself', () => {
    const from = byName('mha-vs-mqa');
    const to = byName('serial-vs-parallel');
    expect(to.base.train?.steps).toBe(300); // the preset sets its steps; not its gradient clipping
    expect(to.base.optimizer?.clipNorm).toBeUndefined();
    const store = createBuilderStore(from);
    store.getState().setField('train.steps', 400);
    store.getState().setField('optimizer.clipNorm', 0.5);
    store.getState().setSeeds('3');
    store.getState().loadPreset(to, from);
    const s = store.getState();
    const train = s.draft.train as { steps: number };
    expect(s.presetId).toBe(to.id);
    expect(train.steps).toBe(300);
    expect((s.draft.optimizer as { clipNorm: number }).clipNorm).toBe(0.5);
    expect(s.seeds).toBe('3');
    expect(s.modes).toEqual(to.modes);
  });

  it('does not carry the previous preset’s own values, only the user’s changes', () => {
    const gpt = presets.find((p) => p.base.model?.block === 'serial');
    const plain = presets.find((p) => p.base.model?.block === undefined)!;
    if (!gpt) throw new Error('no preset sets a serial block');
    const kept = switchPreset({ draft: createBuilderStore(gpt).getState().draft, seeds: '1' }, gpt, plain);
    expect((kept.draft.model as { block: string }).block).toBe('parallel');
  });

  it('takes everything from an imported spec (no previous preset)', () => {
    const to = byName('serial-vs-parallel');
    const store = createBuilderStore(byName('mha-vs-mqa'));
    store.getState().setField('train.steps', 400);
    store.getState().loadPreset(to);
    expect((store.getState().draft.train as { steps: number }).steps).toBe(
      (createBuilderStore(to).getState().draft.train as { steps: number }).steps,
    );
  });
});
