// The builder's own small store: the chosen preset, the draft config, the switch modes and the experiment variants
// no switch expresses. Separate from the run data so typing in a field never re-renders the charts; the run queue's
// "duplicate and edit" loads into it. It is saved on every change, so a reload keeps what was being built.
import { switchPreset } from './preset-switch';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Config, ExperimentVariant } from '../../../core/config';
import { detectModes, type AxisMode } from './ablations';
import {
  loadBuilderSnapshot,
  saveBuilderSnapshot,
  type BuilderSnapshot,
  type SnapshotStorage,
} from './builder-snapshot';
import { draftFromConfig, draftFromInput } from './draft';
import { writeDraftValue } from './fields';
import type { Preset } from './presets';

export interface BuilderState extends BuilderSnapshot {
  /** `previous`: the preset switched from, whose settings the user changed are kept (builder/preset-switch.ts). */
  loadPreset(preset: Preset, previous?: Preset): void;
  loadRunConfig(config: Config, name: string): void;
  setField(key: string, value: unknown): void;
  setMode(axisId: string, mode: AxisMode): void;
  setName(name: string): void;
  setSeeds(seeds: string): void;
  removeVariant(name: string): void;
}

export type BuilderStore = StoreApi<BuilderState>;

function snapshotOf(preset: Preset): BuilderSnapshot {
  return {
    presetId: preset.id,
    name: preset.name,
    draft: draftFromInput(preset.base),
    modes: preset.modes,
    variants: preset.variants,
    baseName: preset.baseName,
    seeds: String(preset.seeds),
  };
}

/** The builder, starting from what was saved (when `storage` holds a valid snapshot) or from the preset. */
export function createBuilderStore(initial: Preset, storage?: SnapshotStorage): BuilderStore {
  const saved = storage ? loadBuilderSnapshot(storage) : null;
  const store = createStore<BuilderState>()((set) => ({
    ...(saved ?? snapshotOf(initial)),
    loadPreset: (preset, previous) =>
      set((s) => ({ ...snapshotOf(preset), ...switchPreset(s, previous ?? null, preset) })),
    loadRunConfig: (config, name) =>
      set({
        presetId: '',
        name,
        draft: draftFromConfig(config),
        modes: detectModes(config),
        variants: [],
        baseName: 'base',
        seeds: '1',
      }),
    setField: (key, value) => set((s) => ({ draft: writeDraftValue(s.draft, key, value) })),
    setMode: (axisId, mode) => set((s) => ({ modes: { ...s.modes, [axisId]: mode } })),
    setName: (name) => set({ name }),
    setSeeds: (seeds) => set({ seeds }),
    removeVariant: (name) => set((s) => ({ variants: s.variants.filter((v: ExperimentVariant) => v.name !== name) })),
  }));
  if (storage) store.subscribe((s) => saveBuilderSnapshot(storage, s));
  return store;
}
