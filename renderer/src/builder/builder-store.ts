// The builder's own small store: the chosen preset, the draft config and the switch modes. Separate from the run
// data so typing in a field never re-renders the charts; the run queue's "duplicate and edit" loads into it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Config, ConfigInput } from '../../../core/config';
import { detectModes, type AxisMode, type AxisModes } from './ablations';
import { draftFromConfig, draftFromInput } from './draft';
import { writeDraftValue } from './fields';
import type { Preset } from './presets';

export interface BuilderState {
  presetId: string;
  /** Prefix of the run names, e.g. "mha-vs-mqa · mqa". */
  name: string;
  draft: ConfigInput;
  modes: AxisModes;
  loadPreset(preset: Preset): void;
  loadRunConfig(config: Config, name: string): void;
  setField(key: string, value: unknown): void;
  setMode(axisId: string, mode: AxisMode): void;
  setName(name: string): void;
}

export type BuilderStore = StoreApi<BuilderState>;

export function createBuilderStore(initial: Preset): BuilderStore {
  return createStore<BuilderState>()((set) => ({
    presetId: initial.id,
    name: initial.name,
    draft: draftFromInput(initial.base),
    modes: initial.modes,
    loadPreset: (preset) =>
      set({ presetId: preset.id, name: preset.name, draft: draftFromInput(preset.base), modes: preset.modes }),
    loadRunConfig: (config, name) =>
      set({ presetId: '', name, draft: draftFromConfig(config), modes: detectModes(config) }),
    setField: (key, value) => set((s) => ({ draft: writeDraftValue(s.draft, key, value) })),
    setMode: (axisId, mode) => set((s) => ({ modes: { ...s.modes, [axisId]: mode } })),
    setName: (name) => set({ name }),
  }));
}
