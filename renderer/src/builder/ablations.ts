// The ablation switches of the builder, read from the claims table (core/config/claims.ts): each set to one
// choice or to "compare both" (then with the option's own defaults), and the cross product of runs they make, each labelled by how it differs from the base.
import {
  applyOverrides,
  checkConfig,
  describeConfigDiff,
  type ConfigInput,
  type ConfigIssue,
} from '../../../core/config';
import type { Config } from '../../../core/config';
import { CLAIMS, type SwitchOption } from '../../../core/config/claims';

export type AxisOption = SwitchOption;

export interface AblationAxis {
  id: string;
  /** The control's label; the four headline ones are exactly Block, Attention, Position, Optimizer. */
  label: string;
  headline: boolean;
  /** The builder's order (core/config/claims.ts); "compare both" runs the first two. */
  options: AxisOption[];
}

export const COMPARE = 'compare' as const;
export type AxisMode = string;
export type AxisModes = Record<string, AxisMode>;

/** The switches of the claims table that the builder shows. */
export const ABLATION_AXES: AblationAxis[] = CLAIMS.filter((c) => c.inBuilder).map((c) => ({
  id: c.id,
  label: c.title,
  headline: c.headline,
  options: c.options,
}));

/** Config keys the switches own; the settings form leaves them to the switches. */
export const AXIS_KEYS = new Set([
  ...ABLATION_AXES.flatMap((a) => a.options.flatMap((o) => Object.keys(o.overrides))),
  'model.kvHeads',
]);

function readKey(config: Config, dotted: string): unknown {
  const [section, key] = dotted.split('.') as [string, string]; // axis keys are "section.key"
  return (config as unknown as Record<string, Record<string, unknown>>)[section]![key];
}

/** The option a config already has for an axis, or the first (PaLM's) when none matches. */
export function detectOption(axis: AblationAxis, config: Config): string {
  const found = axis.options.find((o) => Object.entries(o.overrides).every(([k, v]) => readKey(config, k) === v));
  return (found ?? axis.options[0]!).id;
}

export function detectModes(config: Config): AxisModes {
  return Object.fromEntries(ABLATION_AXES.map((a) => [a.id, detectOption(a, config)]));
}

function findOption(axis: AblationAxis, id: string): AxisOption {
  return axis.options.find((o) => o.id === id) ?? axis.options[0]!;
}

/** The choices of one run: the set option, or each of the first two on a compared axis with its own defaults. */
function listAxisChoices(axis: AblationAxis, mode: AxisMode | undefined): AxisOption[] {
  if (mode !== COMPARE) return [findOption(axis, mode ?? axis.options[0]!.id)];
  return axis.options.slice(0, 2).map((o) => ({ ...o, overrides: { ...o.companions, ...o.overrides } }));
}

/** Keys an option sets as its own defaults: the label leaves them out (the switch implies them, as mqa→mha kvHeads). */
function listCompanionKeys(combo: AxisOption[]): Set<string> {
  return new Set(combo.flatMap((o) => Object.keys(o.companions ?? {})));
}

export function countRuns(modes: AxisModes): number {
  return ABLATION_AXES.reduce((n, a) => n * listAxisChoices(a, modes[a.id]).length, 1);
}

export interface PlannedRun {
  name: string;
  label: string;
  config: Config;
}

export type RunPlan = { ok: true; runs: PlannedRun[] } | { ok: false; issues: ConfigIssue[] };

/**
 * The cross product of the compared axes over the draft. The base is the first choice of every axis, so its label
 * is "" and every other run's label says how it differs, e.g. "attention: mqa→mha". A combination the schema
 * rejects (e.g. rope with an odd head size) makes the plan fail with its issues.
 */
export function planRuns(draft: ConfigInput, modes: AxisModes, prefix: string): RunPlan {
  const choices = ABLATION_AXES.map((a) => listAxisChoices(a, modes[a.id]));
  const combos = choices.reduce<AxisOption[][]>((acc, opts) => acc.flatMap((c) => opts.map((o) => [...c, o])), [[]]);
  const compared = ABLATION_AXES.map((a, i) => (modes[a.id] === COMPARE ? i : -1)).filter((i) => i >= 0);
  const checks = combos.map((combo) =>
    checkConfig(applyOverrides(draft, Object.assign({}, ...combo.map((o) => o.overrides)))),
  );
  const issues = checks.flatMap((c) => (c.ok ? [] : c.issues));
  if (issues.length > 0) return { ok: false, issues };
  const configs = checks.map((c) => (c.ok ? c.config : (undefined as never)));
  const runs = combos.map((combo, r) => {
    const parts = compared.map((i) => combo[i]!.id);
    return {
      name: parts.length ? `${prefix} · ${parts.join(' · ')}` : prefix,
      label: describeConfigDiff(configs[0]!, configs[r]!, listCompanionKeys(combo)),
      config: configs[r]!,
    };
  });
  return { ok: true, runs };
}
