// The builder's planned runs as an experiment spec (docs/design.md §2): the base run is the spec's base, every other
// run a variant with the keys it changes, so `palm-workbench` and the builder's import read it back.
import { listConfigChanges, type ConfigInput } from '../../../core/config';
import type { AblationRun } from '../builder/ablations';
import { draftFromConfig } from '../builder/draft';

export interface ExperimentSpec {
  name: string;
  description: string;
  /** Seeds per run. */
  repeats: number;
  base: ConfigInput;
  variants: { name: string; overrides: Record<string, unknown> }[];
}

/** `runs` once each (before seeds are applied); `repeats` seeds per run. */
export function buildExperimentSpec(
  name: string,
  description: string,
  runs: AblationRun[],
  repeats = 1,
): ExperimentSpec {
  const [base, ...others] = runs;
  if (base === undefined) throw new Error('an experiment spec needs at least one run');
  return {
    name,
    description,
    repeats,
    // Derived keys (kvHeads, maxPositions) stay out, so a variant's attention brings its own.
    base: draftFromConfig(base.config),
    variants: others.map((r) => ({
      name: r.name,
      overrides: Object.fromEntries(listConfigChanges(base.config, r.config).map((c) => [c.key, c.to])),
    })),
  };
}
