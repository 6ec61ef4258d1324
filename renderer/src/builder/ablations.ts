// The ablation switches of the builder (PALM.md §1): the four headline ones and those beside them, each set to one
// choice or to "compare both", and the cross product of runs they make, each labelled by how it differs from the base.
import {
  applyOverrides,
  checkConfig,
  describeConfigDiff,
  type ConfigInput,
  type ConfigIssue,
  type Overrides,
} from '../../../core/config';
import type { Config } from '../../../core/config';

export interface AxisOption {
  id: string;
  label: string;
  overrides: Overrides;
}

export interface AblationAxis {
  id: string;
  /** The control's label; the four headline ones are exactly Block, Attention, Position, Optimizer. */
  label: string;
  headline: boolean;
  /** PaLM's choice first; "compare both" runs the first two. */
  options: AxisOption[];
}

export const COMPARE = 'compare' as const;
export type AxisMode = string;
export type AxisModes = Record<string, AxisMode>;

const option = (id: string, label: string, overrides: Overrides): AxisOption => ({ id, label, overrides });

export const ABLATION_AXES: AblationAxis[] = [
  {
    id: 'block',
    label: 'Block',
    headline: true,
    options: [
      option('parallel', 'parallel (PaLM)', { 'model.block': 'parallel' }),
      option('serial', 'serial', { 'model.block': 'serial' }),
    ],
  },
  {
    id: 'attention',
    label: 'Attention',
    headline: true,
    options: [
      option('mqa', 'multi-query (PaLM)', { 'model.attention': 'mqa' }),
      option('mha', 'multi-head', { 'model.attention': 'mha' }),
    ],
  },
  {
    id: 'position',
    label: 'Position',
    headline: true,
    options: [
      option('rope', 'RoPE (PaLM)', { 'model.position': 'rope' }),
      option('learned', 'learned absolute', { 'model.position': 'learned' }),
    ],
  },
  {
    id: 'optimizer',
    label: 'Optimizer',
    headline: true,
    options: [
      option('adafactor', 'Adafactor (PaLM)', { 'optimizer.name': 'adafactor' }),
      option('adamw', 'AdamW', { 'optimizer.name': 'adamw' }),
    ],
  },
  {
    id: 'activation',
    label: 'Activation',
    headline: false,
    options: [
      option('swiglu', 'SwiGLU (PaLM)', { 'model.activation': 'swiglu' }),
      option('gelu', 'GELU', { 'model.activation': 'gelu' }),
      option('relu', 'ReLU', { 'model.activation': 'relu' }),
    ],
  },
  {
    id: 'bias',
    label: 'Bias',
    headline: false,
    options: [
      option('none', 'none (PaLM)', { 'model.bias': false }),
      option('bias', 'biases everywhere', { 'model.bias': true }),
    ],
  },
  {
    id: 'tieEmbeddings',
    label: 'Tied embeddings',
    headline: false,
    options: [
      option('tied', 'shared (PaLM)', { 'model.tieEmbeddings': true }),
      option('untied', 'separate output matrix', { 'model.tieEmbeddings': false }),
    ],
  },
  {
    id: 'zLoss',
    label: 'Z-loss',
    headline: false,
    options: [option('on', '1e-4 (PaLM)', { 'train.zLossCoef': 1e-4 }), option('off', 'off', { 'train.zLossCoef': 0 })],
  },
  {
    id: 'vocabulary',
    label: 'Vocabulary',
    headline: false,
    options: [
      // Byte first, as the defaults and experiments/byte-vs-subword.json have it; PaLM's is a subword vocabulary.
      option('byte', 'byte (256)', { 'data.tokenizer': 'byte', 'model.vocabSize': 256 }),
      option('subword', 'subword 512 (PaLM-like)', { 'data.tokenizer': 'subword', 'model.vocabSize': 512 }),
    ],
  },
];

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

/** The choices of one run: the set option, or each of the first two on a compared axis. */
function listAxisChoices(axis: AblationAxis, mode: AxisMode | undefined): AxisOption[] {
  return mode === COMPARE ? axis.options.slice(0, 2) : [findOption(axis, mode ?? axis.options[0]!.id)];
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
      label: describeConfigDiff(configs[0]!, configs[r]!),
      config: configs[r]!,
    };
  });
  return { ok: true, runs };
}
