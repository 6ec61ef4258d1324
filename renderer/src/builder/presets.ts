// The builder's starting points: PaLM-tiny (the schema's defaults), a GPT-style baseline, and every
// experiments/*.json, each mapped onto the switches (a variant that changes one switch becomes "compare both").
import { parseConfig, parseExperiment, type ConfigInput, type Experiment } from '../../../core/config';
import { ABLATION_AXES, COMPARE, detectModes, type AxisModes } from './ablations';

export interface Preset {
  id: string;
  name: string;
  description: string;
  claim: string;
  base: ConfigInput;
  modes: AxisModes;
}

/** GPT-2's recipe on PaLM-tiny's shape: the alternative of every headline switch (experiments/palm-vs-gpt.json). */
const GPT_BASE: ConfigInput = {
  model: {
    block: 'serial',
    attention: 'mha',
    position: 'learned',
    activation: 'gelu',
    bias: true,
    tieEmbeddings: false,
  },
  optimizer: { name: 'adamw', learningRate: 3e-3, schedule: 'cosine', warmupSteps: 30 },
};

/** The switch a variant flips, when it flips exactly one switch to that switch's second choice. */
function findComparedAxis(overrides: Record<string, unknown>): string | null {
  for (const axis of ABLATION_AXES) {
    const alt = axis.options[1]!.overrides; // every axis has at least two options
    const keys = Object.keys(overrides);
    if (keys.length > 0 && keys.every((k) => k in alt && alt[k] === overrides[k])) return axis.id;
  }
  return null;
}

export function presetFromExperiment(exp: Experiment, id: string): Preset {
  const modes = detectModes(parseConfig(exp.base));
  for (const v of exp.variants) {
    const axis = findComparedAxis(v.overrides);
    if (axis) modes[axis] = COMPARE;
  }
  return { id, name: exp.name, description: exp.description, claim: exp.claim, base: exp.base, modes };
}

function listExperimentPresets(): Preset[] {
  const files = import.meta.glob<{ default: unknown }>('../../../experiments/*.json', { eager: true });
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, mod]) =>
      presetFromExperiment(parseExperiment(mod.default, path.split('/').pop() ?? path), `experiment:${path}`),
    );
}

export function listPresets(): Preset[] {
  return [
    {
      id: 'palm-tiny',
      name: 'PaLM-tiny',
      description: 'The schema defaults: every PaLM switch at laptop scale.',
      claim: '',
      base: {},
      modes: detectModes(parseConfig({})),
    },
    {
      id: 'gpt',
      name: 'GPT-style baseline',
      description:
        'Serial block, multi-head attention, learned positions, GELU, biases, separate output matrix, AdamW.',
      claim: '',
      base: GPT_BASE,
      modes: detectModes(parseConfig(GPT_BASE)),
    },
    ...listExperimentPresets(),
  ];
}
