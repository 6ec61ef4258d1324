// Seeds per run in the builder (issue 12's repeats): every planned run once per seed, seed-major and paired across
// runs as the CLI's --repeats plans them; the field checked; kept across reloads; written into the exported spec.
import { describe, expect, it } from 'vitest';
import { expandExperiment, parseConfig, repeatRuns } from '../core/config';
import { parseExperiment } from '../core/claims';
import { COMPARE, detectModes, planAblationRuns } from '../renderer/src/builder/ablations';
import { createBuilderStore } from '../renderer/src/builder/builder-store';
import { BUILDER_STORAGE_KEY } from '../renderer/src/builder/builder-snapshot';
import { listPresets, presetFromExperiment } from '../renderer/src/builder/presets';
import { planSeeds, readSeedCount } from '../renderer/src/builder/seeds';
import { buildExperimentSpec } from '../renderer/src/panels/experiment-spec';

const compareAttention = { ...detectModes(parseConfig({})), attention: COMPARE };

describe('seeds per run', () => {
  const plan = planAblationRuns({}, compareAttention, 'x');
  if (!plan.ok) throw new Error('plan failed');

  it('plans each run once per seed, seed-major, the seeds shared by every run, each name saying its seed', () => {
    const runs = planSeeds(plan.runs, 3);
    expect(runs.map((r) => r.name)).toEqual([
      'x · mqa · seed 0',
      'x · mha · seed 0',
      'x · mqa · seed 1',
      'x · mha · seed 1',
      'x · mqa · seed 2',
      'x · mha · seed 2',
    ]);
    // The same configs as the CLI's --repeats 3 of the same runs.
    expect(runs.map((r) => r.config)).toEqual(repeatRuns(plan.runs, 3).map((r) => r.config));
    expect(runs.map((r) => r.label)).toEqual([
      '',
      'attention: mqa→mha',
      '',
      'attention: mqa→mha',
      '',
      'attention: mqa→mha',
    ]);
    expect(planSeeds(plan.runs, 1)).toBe(plan.runs);
  });

  it('reads the field: a whole number from 1 to 50, else a message naming what was typed', () => {
    expect(readSeedCount(' 3 ')).toEqual({ ok: true, seeds: 3 });
    for (const bad of ['', '0', '2.5', '51', 'three'])
      expect(readSeedCount(bad)).toEqual({ ok: false, message: `must be a whole number from 1 to 50 (got "${bad}")` });
  });

  it("takes a preset's repeats, keeps the field over a reload, and reads an older snapshot as one seed", () => {
    const storage = new Map<string, string>();
    const local = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    };
    const presets = listPresets();
    const exp = parseExperiment({ name: 'r', repeats: 3, variants: [] }, 'r.json');
    const store = createBuilderStore(presets[0]!, local);
    expect(store.getState().seeds).toBe('1');
    store.getState().loadPreset(presetFromExperiment(exp, 'file:r.json'));
    expect(store.getState().seeds).toBe('3');
    store.getState().setSeeds('5');
    expect(createBuilderStore(presets[0]!, local).getState().seeds).toBe('5');
    const older = JSON.parse(storage.get(BUILDER_STORAGE_KEY)!) as Record<string, unknown>;
    delete older.seeds;
    storage.set(BUILDER_STORAGE_KEY, JSON.stringify({ ...older, name: 'older' }));
    const restored = createBuilderStore(presets[0]!, local).getState();
    expect([restored.name, restored.seeds]).toEqual(['older', '1']);
  });

  it('writes the seeds into the exported spec as repeats, which plans the same runs back', () => {
    const spec = parseExperiment(JSON.parse(JSON.stringify(buildExperimentSpec('x', '', plan.runs, 3))), 'x.json');
    expect(spec.repeats).toBe(3);
    expect(repeatRuns(expandExperiment(spec), spec.repeats).map((r) => r.config)).toEqual(
      planSeeds(plan.runs, 3).map((r) => r.config),
    );
  });
});
