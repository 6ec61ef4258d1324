// The ablation switches of the builder, read from the claims table (core/claims/claims.ts; docs/palm.md §1): each set to
// one choice or to compare several (then with each option's own defaults), and the runs they make: the cross product
// of the compared switches, then any experiment variants no switch expresses, each labelled by how it differs.
import {
  applyOverrides,
  checkConfigs,
  describeConfigDiff,
  planRuns,
  type ConfigInput,
  type ConfigIssue,
  type ExperimentVariant,
  type Overrides,
} from '../../../core/config';
import type { Config } from '../../../core/config';
import { CLAIMS, GQA_KV_HEADS, type SwitchOption } from '../../../core/claims';

export type AxisOption = SwitchOption;

export interface AblationAxis {
  id: string;
  /** The control's label; the four headline ones are exactly Block, Attention, Position, Optimizer. */
  label: string;
  headline: boolean;
  /** The builder's order (core/claims/claims.ts): PaLM's choice first; plain "compare" runs the first two. */
  options: AxisOption[];
}

/** Compare the first two options; `compare:a,b,c` compares exactly those. */
export const COMPARE = 'compare' as const;
export type AxisMode = string;
/** Axis id → mode, plus `kvHeads` (text of a positive integer) for grouped-query attention. */
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
  const modes: AxisModes = Object.fromEntries(ABLATION_AXES.map((a) => [a.id, detectOption(a, config)]));
  modes.kvHeads = String(config.model.attention === 'gqa' ? config.model.kvHeads : GQA_KV_HEADS);
  return modes;
}

export function isCompareMode(mode: AxisMode | undefined): boolean {
  return mode === COMPARE || (mode?.startsWith(`${COMPARE}:`) ?? false);
}

/** The mode that compares these options (in the axis's order). */
export function compareMode(axis: AblationAxis, ids: readonly string[]): AxisMode {
  return `${COMPARE}:${axis.options
    .filter((o) => ids.includes(o.id))
    .map((o) => o.id)
    .join(',')}`;
}

/** With its own defaults (an optimizer's learning rate and schedule), as a compared option runs. */
const withCompanions = (o: AxisOption): AxisOption => ({ ...o, overrides: { ...o.companions, ...o.overrides } });

/**
 * The options a mode runs: the set one (at the form's settings), or, compared, the first two for "compare" or the
 * listed ones, each with its own defaults so a comparison does not run AdamW at Adafactor's rate.
 */
export function listAxisChoices(axis: AblationAxis, mode: AxisMode | undefined): AxisOption[] {
  if (mode === COMPARE) return axis.options.slice(0, 2).map(withCompanions);
  if (mode?.startsWith(`${COMPARE}:`)) {
    const ids = mode.slice(COMPARE.length + 1).split(',');
    return axis.options.filter((o) => ids.includes(o.id)).map(withCompanions);
  }
  return [axis.options.find((o) => o.id === mode) ?? axis.options[0]!];
}

/**
 * Keys an option sets as its own defaults: labels leave them out (the switch implies them). Grouped attention's K/V
 * heads are the builder's own number, so they stay in the label.
 */
function listCompanionKeys(combo: AxisOption[]): Set<string> {
  return new Set(
    combo.flatMap((o) => Object.keys(o.companions ?? {}).filter((k) => !(o.takesKvHeads && k === 'model.kvHeads'))),
  );
}

export interface PlanExtras {
  /** Runs the switches cannot express (e.g. GPT's recipe), each applied to the base run's config. */
  variants?: ExperimentVariant[];
  /** The base run's name part when there are variants and nothing is compared (experiment's baseName). */
  baseName?: string;
}

export function countRuns(modes: AxisModes, extras: PlanExtras = {}): number {
  const product = ABLATION_AXES.reduce((n, a) => n * listAxisChoices(a, modes[a.id]).length, 1);
  return product + (extras.variants?.length ?? 0);
}

export interface AblationRun {
  name: string;
  label: string;
  config: Config;
}

export type RunPlan = { ok: true; runs: AblationRun[] } | { ok: false; issues: ConfigIssue[] };

function readKvHeads(modes: AxisModes): number | string {
  const text = (modes.kvHeads ?? String(GQA_KV_HEADS)).trim();
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

function optionOverrides(o: AxisOption, modes: AxisModes): Overrides {
  return o.takesKvHeads ? { ...o.overrides, 'model.kvHeads': readKvHeads(modes) } : o.overrides;
}

/**
 * Each later combination as overrides of the first one's config: every key some combination sets takes this
 * combination's value, else the draft's (a companion of the first, e.g. gqa's K/V heads, does not leak into mqa).
 */
function overridesOfBase(draft: ConfigInput, combos: Overrides[]): Overrides[] {
  const keys = [...new Set(combos.flatMap((c) => Object.keys(c)))];
  const draftValue = (key: string) => {
    const [section, leaf] = key.split('.') as [string, string]; // override keys are "section.key" (applyOverrides)
    return (draft as Record<string, Record<string, unknown> | undefined>)[section]?.[leaf];
  };
  return combos.map((c) => Object.fromEntries(keys.map((k) => [k, k in c ? c[k] : draftValue(k)])));
}

/**
 * The cross product of the compared axes over the draft, then the extra variants, planned and checked by the
 * experiment core (core/config/experiment.ts planRuns, checkConfigs) as an experiment whose base is the first
 * combination. The base is the first choice of every axis, so its label is "" and every other run's label says how
 * it differs, e.g. "attention: mqa→mha". A combination the schema rejects (e.g. rope with an odd head size) makes
 * the plan fail with its issues.
 */
export function planAblationRuns(
  draft: ConfigInput,
  modes: AxisModes,
  prefix: string,
  extras: PlanExtras = {},
): RunPlan {
  const choices = ABLATION_AXES.map((a) => listAxisChoices(a, modes[a.id]));
  const combos = choices.reduce<AxisOption[][]>((acc, opts) => acc.flatMap((c) => opts.map((o) => [...c, o])), [[]]);
  const compared = choices.map((opts, i) => (opts.length > 1 ? i : -1)).filter((i) => i >= 0);
  const extraVariants = extras.variants ?? [];
  const baseSuffix = compared.length === 0 && extraVariants.length > 0 ? (extras.baseName ?? 'base') : '';
  const comboNames = combos.map((combo) => {
    const parts = compared.map((i) => combo[i]!.short ?? combo[i]!.id);
    if (baseSuffix) parts.push(baseSuffix);
    return parts.length ? `${prefix} · ${parts.join(' · ')}` : prefix;
  });
  const comboOverrides = combos.map((combo) => Object.assign({}, ...combo.map((o) => optionOverrides(o, modes))));
  const base = applyOverrides(draft, comboOverrides[0]!); // the cross product has at least one combination
  const later = overridesOfBase(draft, comboOverrides).slice(1);
  const runs = planRuns({
    baseName: comboNames[0]!,
    variants: [
      ...later.map((overrides, k) => ({ name: comboNames[k + 1]!, overrides })),
      ...extraVariants.map((v) => ({ name: `${prefix} · ${v.name}`, overrides: v.overrides })),
    ],
    sweep: [],
  });
  const check = checkConfigs(runs.map((r) => applyOverrides(base, r.overrides)));
  if (!check.ok) return check;
  const implied = (r: number) => (r < combos.length ? listCompanionKeys(combos[r]!) : new Set<string>());
  return {
    ok: true,
    runs: check.configs.map((config, r) => ({
      name: runs[r]!.name,
      label: describeConfigDiff(check.configs[0]!, config, implied(r)),
      config,
    })),
  };
}
