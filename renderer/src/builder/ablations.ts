// The ablation switches of the builder (PALM.md §1): the four headline ones and those beside them, each set to one
// choice or to compare several, and the runs they make: the cross product of the compared switches, then any
// experiment variants no switch expresses, each labelled by how it differs from the base.
import {
  applyOverrides,
  checkConfig,
  describeConfigDiff,
  type ConfigInput,
  type ConfigIssue,
  type ExperimentVariant,
  type Overrides,
} from '../../../core/config';
import type { Config } from '../../../core/config';

export interface AxisOption {
  id: string;
  /** In words, for the select: "multi-query (PaLM)". */
  label: string;
  /** For run names: "mqa", "no z-loss". */
  short: string;
  overrides: Overrides;
  /** Grouped-query attention takes its number of K/V heads from the builder (modes.kvHeads). */
  takesKvHeads?: boolean;
}

export interface AblationAxis {
  id: string;
  /** The control's label; the four headline ones are exactly Block, Attention, Position, Optimizer. */
  label: string;
  headline: boolean;
  /** PaLM's choice first; plain "compare" runs the first two. */
  options: AxisOption[];
}

/** Compare the first two options; `compare:a,b,c` compares exactly those. */
export const COMPARE = 'compare' as const;
export type AxisMode = string;
/** Axis id → mode, plus `kvHeads` (text of a positive integer) for grouped-query attention. */
export type AxisModes = Record<string, AxisMode>;

export const DEFAULT_KV_HEADS = 2;

const option = (id: string, label: string, short: string, overrides: Overrides, extra: Partial<AxisOption> = {}) => ({
  id,
  label,
  short,
  overrides,
  ...extra,
});

export const ABLATION_AXES: AblationAxis[] = [
  {
    id: 'block',
    label: 'Block',
    headline: true,
    options: [
      option('parallel', 'parallel (PaLM)', 'parallel', { 'model.block': 'parallel' }),
      option('serial', 'serial', 'serial', { 'model.block': 'serial' }),
    ],
  },
  {
    id: 'attention',
    label: 'Attention',
    headline: true,
    options: [
      option('mqa', 'multi-query (PaLM)', 'mqa', { 'model.attention': 'mqa' }),
      option('mha', 'multi-head', 'mha', { 'model.attention': 'mha' }),
      option('gqa', 'grouped (k K/V heads)', 'gqa', { 'model.attention': 'gqa' }, { takesKvHeads: true }),
    ],
  },
  {
    id: 'position',
    label: 'Position',
    headline: true,
    options: [
      option('rope', 'RoPE (PaLM)', 'rope', { 'model.position': 'rope' }),
      option('learned', 'learned absolute', 'learned', { 'model.position': 'learned' }),
    ],
  },
  {
    id: 'optimizer',
    label: 'Optimizer',
    headline: true,
    options: [
      option('adafactor', 'Adafactor (PaLM)', 'adafactor', { 'optimizer.name': 'adafactor' }),
      option('adamw', 'AdamW', 'adamw', { 'optimizer.name': 'adamw' }),
    ],
  },
  {
    id: 'activation',
    label: 'Activation',
    headline: false,
    options: [
      option('swiglu', 'SwiGLU (PaLM)', 'swiglu', { 'model.activation': 'swiglu', 'model.swigluParamMatched': false }),
      option('gelu', 'GELU', 'gelu', { 'model.activation': 'gelu', 'model.swigluParamMatched': false }),
      option('relu', 'ReLU', 'relu', { 'model.activation': 'relu', 'model.swigluParamMatched': false }),
      option('swiglu-matched', 'SwiGLU, GELU-sized', 'swiglu-matched', {
        'model.activation': 'swiglu',
        'model.swigluParamMatched': true,
      }),
    ],
  },
  {
    id: 'bias',
    label: 'Bias',
    headline: false,
    options: [
      option('none', 'none (PaLM)', 'no bias', { 'model.bias': false }),
      option('bias', 'everywhere', 'bias', { 'model.bias': true }),
    ],
  },
  {
    id: 'tieEmbeddings',
    label: 'Embeddings',
    headline: false,
    options: [
      option('tied', 'shared (PaLM)', 'tied', { 'model.tieEmbeddings': true }),
      option('untied', 'separate output matrix', 'untied', { 'model.tieEmbeddings': false }),
    ],
  },
  {
    id: 'zLoss',
    label: 'Z-loss',
    headline: false,
    options: [
      option('on', 'on, 1e-4 (PaLM)', 'z-loss', { 'train.zLossCoef': 1e-4 }),
      option('off', 'off', 'no z-loss', { 'train.zLossCoef': 0 }),
    ],
  },
  {
    id: 'vocabulary',
    label: 'Vocabulary',
    headline: false,
    options: [
      // Byte first, as the defaults and experiments/byte-vs-subword.json have it; PaLM's is a subword vocabulary.
      option('byte', 'bytes (256)', 'bytes', { 'data.tokenizer': 'byte', 'model.vocabSize': 256 }),
      option('bpe', 'BPE subwords, 512 (PaLM-like)', 'bpe', { 'data.tokenizer': 'bpe', 'model.vocabSize': 512 }),
      option('unigram', 'unigram subwords, 512', 'unigram', { 'data.tokenizer': 'unigram', 'model.vocabSize': 512 }),
    ],
  },
];

/** Config keys the switches own; the settings form leaves them to the switches. */
export const AXIS_KEYS = new Set([
  ...ABLATION_AXES.flatMap((a) => a.options.flatMap((o) => Object.keys(o.overrides))),
  'model.kvHeads',
]);

function readKey(config: Config, dotted: string): unknown {
  const [section, key] = dotted.split('.');
  return (config as unknown as Record<string, Record<string, unknown>>)[section][key];
}

/** The option a config already has for an axis, or the first (PaLM's) when none matches. */
export function detectOption(axis: AblationAxis, config: Config): string {
  const found = axis.options.find((o) => Object.entries(o.overrides).every(([k, v]) => readKey(config, k) === v));
  return (found ?? axis.options[0]).id;
}

export function detectModes(config: Config): AxisModes {
  const modes: AxisModes = Object.fromEntries(ABLATION_AXES.map((a) => [a.id, detectOption(a, config)]));
  modes.kvHeads = String(config.model.attention === 'gqa' ? config.model.kvHeads : DEFAULT_KV_HEADS);
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

/** The options a mode runs: the set one, the first two for "compare", or the listed ones. */
export function listAxisChoices(axis: AblationAxis, mode: AxisMode | undefined): AxisOption[] {
  if (mode === COMPARE) return axis.options.slice(0, 2);
  if (mode?.startsWith(`${COMPARE}:`)) {
    const ids = mode.slice(COMPARE.length + 1).split(',');
    return axis.options.filter((o) => ids.includes(o.id));
  }
  return [axis.options.find((o) => o.id === mode) ?? axis.options[0]];
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

export interface PlannedRun {
  name: string;
  label: string;
  config: Config;
}

export type RunPlan = { ok: true; runs: PlannedRun[] } | { ok: false; issues: ConfigIssue[] };

function readKvHeads(modes: AxisModes): number | string {
  const text = (modes.kvHeads ?? String(DEFAULT_KV_HEADS)).trim();
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

function optionOverrides(o: AxisOption, modes: AxisModes): Overrides {
  return o.takesKvHeads ? { ...o.overrides, 'model.kvHeads': readKvHeads(modes) } : o.overrides;
}

/**
 * The cross product of the compared axes over the draft, then the extra variants. The base is the first choice of
 * every axis, so its label is "" and every other run's label says how it differs, e.g. "attention: mqa→mha". A
 * combination the schema rejects (e.g. rope with an odd head size) makes the plan fail with its issues.
 */
export function planRuns(draft: ConfigInput, modes: AxisModes, prefix: string, extras: PlanExtras = {}): RunPlan {
  const variants = extras.variants ?? [];
  const choices = ABLATION_AXES.map((a) => listAxisChoices(a, modes[a.id]));
  const combos = choices.reduce<AxisOption[][]>((acc, opts) => acc.flatMap((c) => opts.map((o) => [...c, o])), [[]]);
  const compared = choices.map((opts, i) => (opts.length > 1 ? i : -1)).filter((i) => i >= 0);
  const comboInputs = combos.map((combo) =>
    applyOverrides(draft, Object.assign({}, ...combo.map((o) => optionOverrides(o, modes)))),
  );
  const inputs = [...comboInputs, ...variants.map((v) => applyOverrides(comboInputs[0], v.overrides))];
  const checks = inputs.map((input) => checkConfig(input));
  const issues = checks.flatMap((c) => (c.ok ? [] : c.issues));
  if (issues.length > 0) return { ok: false, issues: dedupeIssues(issues) };
  const configs = checks.map((c) => (c.ok ? c.config : (undefined as never)));
  const baseSuffix = compared.length === 0 && variants.length > 0 ? (extras.baseName ?? 'base') : '';
  const names = [
    ...combos.map((combo) => {
      const parts = compared.map((i) => combo[i].short);
      if (baseSuffix) parts.push(baseSuffix);
      return parts.length ? `${prefix} · ${parts.join(' · ')}` : prefix;
    }),
    ...variants.map((v) => `${prefix} · ${v.name}`),
  ];
  return {
    ok: true,
    runs: configs.map((config, r) => ({ name: names[r], label: describeConfigDiff(configs[0], config), config })),
  };
}

function dedupeIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
