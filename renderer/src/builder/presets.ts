// The builder's starting points: the registry's presets (core/config/presets.ts: PaLM-tiny, the GPT-style baseline,
// palm-small, palm-base), and every experiments/*.json, each mapped onto the switches
// (variants one switch expresses become a compared option) with every other run of the spec (variants no switch
// expresses, sweep points) kept as an explicit variant: none dropped.
import {
  applyOverrides,
  CONFIG_PRESETS,
  expandExperiment,
  LAPTOP_PRESETS,
  listConfigChanges,
  parseConfig,
  planRuns as planSpecRuns,
  type ConfigInput,
  type ConfigPreset,
  type Experiment,
  type ExperimentVariant,
  type Overrides,
} from '../../../core/config';
import { parseExperiment } from '../../../core/claims';
import { ABLATION_AXES, compareMode, detectModes, type AxisModes } from './ablations';

export interface Preset {
  id: string;
  name: string;
  description: string;
  claim: string;
  base: ConfigInput;
  modes: AxisModes;
  /** Runs of the experiment that no switch expresses, each applied to the base. */
  variants: ExperimentVariant[];
  baseName: string;
  /** Seeds per run (the spec's repeats). */
  seeds: number;
}

/**
 * The (axis, option) a variant's overrides amount to on the base: the option whose own overrides give the same
 * config, or null when no single switch expresses the variant (e.g. AdamW with its own learning rate).
 */
export function findComparedOption(
  base: ConfigInput,
  overrides: Overrides,
): { axisId: string; optionId: string; kvHeads?: number } | null {
  const target = parseConfig(applyOverrides(base, overrides));
  for (const axis of ABLATION_AXES) {
    for (const o of axis.options) {
      const own = o.takesKvHeads ? { ...o.overrides, 'model.kvHeads': target.model.kvHeads } : o.overrides;
      let config;
      try {
        config = parseConfig(applyOverrides(base, own));
      } catch {
        continue;
      }
      if (listConfigChanges(config, target).length === 0) {
        return { axisId: axis.id, optionId: o.id, ...(o.takesKvHeads ? { kvHeads: target.model.kvHeads } : {}) };
      }
    }
  }
  return null;
}

export function presetFromExperiment(exp: Experiment, id: string): Preset {
  // A ladder's first run (the base at its first rung) is the builder's base: the spec's own base may be no run.
  const base: ConfigInput =
    exp.ladder.length > 0 ? applyOverrides(exp.base, planSpecRuns(exp)[0]!.overrides) : exp.base;
  const baseConfig = parseConfig(base);
  const modes = detectModes(baseConfig);
  const compared = new Map<string, string[]>();
  const variants: ExperimentVariant[] = [];
  if (exp.sweep.length > 0 || exp.ladder.length > 0) {
    // Sweep points are not switches: every run of the spec but the base becomes a variant.
    for (const run of expandExperiment(exp).slice(1)) {
      variants.push({
        name: run.name,
        overrides: Object.fromEntries(listConfigChanges(baseConfig, run.config).map((c) => [c.key, c.to])),
      });
    }
  } else {
    const found = exp.variants.map((v) => findComparedOption(exp.base, v.overrides));
    // Switches compared together make a cross product; variants on two switches would add runs the spec lacks.
    const axes = new Set(found.map((f) => f?.axisId));
    exp.variants.forEach((v, i) => {
      const f = found[i];
      // A variant equal to the base on its axis (nothing changes) is no comparison: keep it as it is written.
      if (!f || axes.size > 1 || f.optionId === modes[f.axisId]) return void variants.push(v);
      compared.set(f.axisId, [...(compared.get(f.axisId) ?? [modes[f.axisId]!]), f.optionId]);
      if (f.kvHeads !== undefined) modes.kvHeads = String(f.kvHeads);
    });
  }
  for (const [axisId, ids] of compared) {
    const axis = ABLATION_AXES.find((a) => a.id === axisId);
    if (axis) modes[axisId] = compareMode(axis, ids);
  }
  return {
    id,
    name: exp.name,
    description: exp.description,
    claim: exp.claim,
    base,
    modes,
    variants,
    baseName: exp.baseName,
    seeds: exp.repeats,
  };
}

function listExperimentPresets(): Preset[] {
  const files = import.meta.glob<{ default: unknown }>('../../../experiments/*.json', { eager: true });
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, mod]) =>
      presetFromExperiment(parseExperiment(mod.default, path.split('/').pop() ?? path), `experiment:${path}`),
    );
}

/** A registry preset (core/config/presets.ts) as the builder starts from it: the switches read from its config. */
function presetFromConfig(p: ConfigPreset, id: string): Preset {
  return {
    id,
    name: p.title ?? p.name,
    description: p.description,
    claim: '',
    base: p.config,
    modes: detectModes(parseConfig(p.config)),
    variants: [],
    baseName: 'base',
    seeds: 1,
  };
}

export function listPresets(): Preset[] {
  return [
    ...LAPTOP_PRESETS.map((p) => presetFromConfig(p, p.name)),
    ...CONFIG_PRESETS.map((p) => presetFromConfig(p, `config:${p.name}`)),
    ...listExperimentPresets(),
  ];
}
