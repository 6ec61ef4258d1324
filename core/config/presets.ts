// Every named config of the workbench, in one registry: the laptop-scale starting points (PaLM-tiny, the GPT-style
// recipe), the models that fill a GPU, and PaLM's own sizes for the calculator. Read by `bench --config NAME`,
// `flops --preset NAME`, the calculator (core/metrics/presets.ts), the claims table and the builder's preset list;
// experiments/*.json are the other presets, the builder reads them beside these.
import { applyOverrides, type Overrides } from './overrides';
import type { ConfigInput } from './schema';

export interface ConfigPreset {
  /** What `bench --config`, `flops --preset` and the builder call it. */
  name: string;
  /** The builder's name for it, when not `name`. */
  title?: string;
  description: string;
  config: ConfigInput;
}

/** GPT-2's recipe: the alternative of every headline switch (experiments/palm-vs-gpt.json, the claims' recipe). */
export const GPT_RECIPE: Overrides = {
  'model.block': 'serial',
  'model.attention': 'mha',
  'model.position': 'learned',
  'model.activation': 'gelu',
  'model.bias': true,
  'model.tieEmbeddings': false,
  'optimizer.name': 'adamw',
};

/** AdamW's own defaults when compared (as in experiments/adam-vs-adafactor.json): lr 3e-3, cosine, 30 warm-up steps. */
export const ADAMW_DEFAULTS: Overrides = {
  'optimizer.learningRate': 3e-3,
  'optimizer.schedule': 'cosine',
  'optimizer.warmupSteps': 30,
};

/** Laptop scale, the builder's first two starting points: the schema's defaults, and GPT's recipe on their shape. */
export const LAPTOP_PRESETS: readonly ConfigPreset[] = [
  {
    name: 'palm-tiny',
    title: 'PaLM-tiny',
    description: 'The schema defaults: every PaLM switch at laptop scale.',
    config: {},
  },
  {
    name: 'gpt',
    title: 'GPT-style baseline',
    description: 'Serial block, multi-head attention, learned positions, GELU, biases, separate output matrix, AdamW.',
    config: applyOverrides({}, { ...GPT_RECIPE, ...ADAMW_DEFAULTS }),
  },
];

/**
 * Models that fill a GPU, with every PaLM switch (parallel block, MQA, RoPE, SwiGLU, no biases, tied embeddings,
 * Adafactor, z-loss) at the schema's defaults. Heads of 64 with H · Dh = D and F = 4D (SwiGLU: three D x F matrices), the byte vocabulary (no tokenizer to
 * train). Parameters (test/config-presets.test.ts recounts them): palm-small 26,284,032, palm-base 100,476,672.
 */
export const CONFIG_PRESETS: readonly ConfigPreset[] = [
  {
    name: 'palm-small',
    description: 'PaLM switches at ~25M parameters (7 layers, dModel 512, 8 heads of 64, seqLen 256): for a GPU.',
    config: {
      model: { vocabSize: 256, dModel: 512, nLayers: 7, nHeads: 8, headDim: 64, seqLen: 256 },
      train: { batchSize: 32 },
      data: { tokenizer: 'byte' },
    },
  },
  {
    name: 'palm-base',
    description: 'PaLM switches at ~100M parameters (12 layers, dModel 768, 12 heads of 64, seqLen 512): for a GPU.',
    config: {
      model: { vocabSize: 256, dModel: 768, nLayers: 12, nHeads: 12, headDim: 64, seqLen: 512 },
      train: { batchSize: 16 },
      data: { tokenizer: 'byte' },
    },
  },
];

export const CONFIG_PRESET_NAMES = CONFIG_PRESETS.map((p) => p.name);

/** The GPU preset called `name`, or undefined. */
export function findConfigPreset(name: string): ConfigPreset | undefined {
  return CONFIG_PRESETS.find((p) => p.name === name);
}

/**
 * PaLM's own sizes (docs/palm.md §2, PaLM paper Table 1), for the calculator only: head size 256, F = 4D, the
 * 256,000-token SentencePiece vocabulary (a subword one: the byte tokenizer would pin vocabSize to 256), T = 2048,
 * and every PaLM choice.
 */
const paperSize = (nLayers: number, dModel: number, nHeads: number): ConfigInput => ({
  model: {
    nLayers,
    dModel,
    nHeads,
    vocabSize: 256_000,
    headDim: 256,
    ffnMult: 4,
    seqLen: 2048,
    block: 'parallel',
    attention: 'mqa',
    position: 'rope',
    activation: 'swiglu',
    bias: false,
    tieEmbeddings: true,
  },
  data: { tokenizer: 'subword' },
});

export const PAPER_PRESETS: readonly ConfigPreset[] = [
  { name: 'palm-8b', description: 'PaLM 8B (32 layers, dModel 4096, 16 heads).', config: paperSize(32, 4096, 16) },
  { name: 'palm-62b', description: 'PaLM 62B (64 layers, dModel 8192, 32 heads).', config: paperSize(64, 8192, 32) },
  {
    name: 'palm-540b',
    description: 'PaLM 540B (118 layers, dModel 18432, 48 heads).',
    config: paperSize(118, 18432, 48),
  },
];
