// The one config schema of the workbench (docs/design.md §2): defaults are PaLM's choices (docs/palm.md §1) at laptop scale.
// Every other part of the house reads a `Config` that went through `parseConfig` (core/config/parse.ts). Each key's
// .meta() is its one label and explanation (core/config/settings.ts: the builder, the CLI's --help, docs/config.md).
import { z } from 'zod';

const posInt = () =>
  z
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .positive({ error: 'must be a positive integer' });
const nonNegInt = () =>
  z
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .nonnegative({ error: 'must be an integer ≥ 0' });
const posNum = () => z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' });
const nonNegNum = () => z.number({ error: 'must be a number' }).nonnegative({ error: 'must be ≥ 0' });
const fraction = (what: string) =>
  z
    .number({ error: 'must be a number' })
    .gte(0, { error: `${what}` })
    .lt(1, { error: `${what}` });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => `"${v}"`).join(', ')}` });

export const BLOCKS = ['parallel', 'serial'] as const;
export const ATTENTIONS = ['mqa', 'mha', 'gqa'] as const;
export const POSITIONS = ['rope', 'learned'] as const;
export const ACTIVATIONS = ['swiglu', 'gelu', 'relu'] as const;
export const NORMS = ['layernorm', 'rmsnorm'] as const;
export const OPTIMIZERS = ['adafactor', 'adamw'] as const;
export const SCHEDULES = ['rsqrt', 'constant', 'cosine'] as const;
export const CORPORA = ['moby-dick', 'sotu', 'file'] as const;
export const TOKENIZERS = ['byte', 'bpe', 'unigram'] as const;
/** Old spellings still accepted: "subword" was the BPE before the unigram model existed. */
export const TOKENIZER_ALIASES: Readonly<Record<string, (typeof TOKENIZERS)[number]>> = { subword: 'bpe' };

export const modelSchema = z
  .strictObject({
    vocabSize: posInt().default(256).meta({
      title: 'Vocabulary size',
      description: 'Tokens the model knows: 256 with the byte tokenizer, more than 256 with bpe or unigram.',
    }),
    dModel: posInt().default(128).meta({ title: 'Width (d_model)', description: 'Size of every hidden vector.' }),
    nLayers: posInt().default(4).meta({ title: 'Layers', description: 'Transformer blocks stacked.' }),
    nHeads: posInt().default(4).meta({ title: 'Attention heads', description: 'Query heads per layer.' }),
    headDim: posInt().default(32).meta({ title: 'Head size', description: 'Width of each head; even with RoPE.' }),
    ffnMult: posNum().default(4).meta({
      title: 'MLP width × d_model',
      description: 'MLP hidden width F = ffnMult · dModel (PaLM: 4 for every activation).',
    }),
    swigluParamMatched: z.boolean({ error: 'must be true or false' }).default(false).meta({
      title: 'Parameter-matched SwiGLU',
      description:
        "SwiGLU with F = 2/3 · ffnMult · dModel, so its MLP has the parameters of a GELU MLP (LLaMA's 8/3 D).",
    }),
    seqLen: posInt().default(128).meta({
      title: 'Context length',
      description: 'Tokens per training sequence; at most maxPositions with learned positions.',
    }),
    maxPositions: posInt().optional().meta({
      title: 'Position table rows',
      description:
        'Rows of the learned position table (learned positions only); empty = seqLen. Decoding past it needs rope.',
    }),
    block: oneOf(BLOCKS).default('parallel').meta({
      title: 'Block',
      description:
        'parallel: attention and MLP read one shared norm and add to the residual together (PaLM); serial: one after the other.',
    }),
    attention: oneOf(ATTENTIONS).default('mqa').meta({
      title: 'Attention',
      description: 'mqa: one K/V head shared by all query heads (PaLM); mha: one per query head; gqa: kvHeads groups.',
    }),
    kvHeads: posInt().optional().meta({
      title: 'K/V heads',
      description: 'K/V heads: 1 with mqa, nHeads with mha, required with gqa (dividing nHeads).',
    }),
    position: oneOf(POSITIONS).default('rope').meta({
      title: 'Positions',
      description: 'rope: rotary embeddings, rotate-half (PaLM); learned: an added position table.',
    }),
    activation: oneOf(ACTIVATIONS)
      .default('swiglu')
      .meta({ title: 'Activation', description: 'MLP activation: swiglu (PaLM), gelu (tanh form) or relu.' }),
    norm: oneOf(NORMS)
      .default('layernorm')
      .meta({ title: 'Normalisation', description: 'layernorm (PaLM, no bias) or rmsnorm.' }),
    bias: z
      .boolean({ error: 'must be true or false' })
      .default(false)
      .meta({ title: 'Biases', description: 'Biases in every dense layer and LayerNorm (PaLM: none).' }),
    dropout: fraction('must be in [0, 1)')
      .default(0)
      .meta({ title: 'Dropout', description: 'Dropout rate in [0, 1) (PaLM trains without dropout: 0).' }),
    tieEmbeddings: z.boolean({ error: 'must be true or false' }).default(true).meta({
      title: 'Tied embeddings',
      description: 'One matrix for the input embedding and the output layer, logits scaled by 1/sqrt(dModel) (PaLM).',
    }),
    normEps: posNum()
      .default(1e-5)
      .meta({ title: 'Norm epsilon', description: 'Added to the variance in every norm; > 0.' }),
  })
  .prefault({});

export const optimizerSchema = z
  .strictObject({
    name: oneOf(OPTIMIZERS)
      .default('adafactor')
      .meta({ title: 'Optimizer', description: 'adafactor (PaLM) or adamw.' }),
    learningRate: posNum().default(1e-2).meta({
      title: 'Learning rate',
      description: 'Peak rate; rsqrt uses lr_k = min(learningRate, 1/sqrt(k)) (PaLM: 1e-2).',
    }),
    schedule: oneOf(SCHEDULES).default('rsqrt').meta({
      title: 'Schedule',
      description: 'rsqrt decay (PaLM), constant, or cosine down to minLrRatio · learningRate.',
    }),
    warmupSteps: nonNegInt()
      .default(0)
      .meta({ title: 'Warm-up steps', description: 'Linear ramp from 0 to the rate over this many steps.' }),
    minLrRatio: z
      .number({ error: 'must be a number' })
      .min(0, { error: 'must be in [0, 1]' })
      .max(1, { error: 'must be in [0, 1]' })
      .default(0.1)
      .meta({ title: 'Cosine floor', description: 'Cosine ends at this fraction of the rate, in [0, 1].' }),
    clipNorm: nonNegNum()
      .default(1)
      .meta({ title: 'Gradient clipping', description: 'Global-norm clipping threshold (PaLM: 1); 0 = off.' }),
    beta1: fraction('must be in [0, 1)').nullable().default(0.9).meta({
      title: 'Momentum β₁',
      description: 'First-moment decay; null = no momentum (Adafactor only) (PaLM: 0.9).',
    }),
    beta2: fraction('must be in [0, 1)')
      .default(0.99)
      .meta({ title: 'AdamW β₂', description: 'AdamW second-moment decay.', optimizer: 'adamw' }),
    eps: posNum()
      .default(1e-8)
      .meta({ title: 'AdamW ε', description: 'AdamW: added to the denominator.', optimizer: 'adamw' }),
    weightDecay: nonNegNum().default(0.1).meta({
      title: 'AdamW weight decay',
      description: 'AdamW decoupled weight decay, on parameters of two or more dimensions.',
      optimizer: 'adamw',
    }),
    factored: z.boolean({ error: 'must be true or false' }).default(false).meta({
      title: 'Adafactor factored moments',
      description: 'Adafactor: row and column second moments for matrices (PaLM: off).',
      optimizer: 'adafactor',
    }),
    minDimSizeToFactor: posInt().default(128).meta({
      title: 'Adafactor factor from size',
      description: 'Adafactor: matrices smaller than this stay unfactored.',
      optimizer: 'adafactor',
    }),
    decayRate: posNum().default(0.8).meta({
      title: 'Adafactor decay rate',
      description: 'Adafactor second-moment decay 1 − k^(−decayRate) (docs/palm.md §4).',
      optimizer: 'adafactor',
    }),
    clippingThreshold: posNum().default(1).meta({
      title: 'Adafactor update clipping',
      description: 'Adafactor: RMS cap on each update.',
      optimizer: 'adafactor',
    }),
    multiplyByParameterScale: z.boolean({ error: 'must be true or false' }).default(true).meta({
      title: 'Adafactor relative step',
      description: 'Adafactor: scale updates by the parameter RMS.',
      optimizer: 'adafactor',
    }),
    eps1: posNum()
      .default(1e-30)
      .meta({ title: 'Adafactor ε₁', description: 'Adafactor: added to squared gradients.', optimizer: 'adafactor' }),
    eps2: posNum()
      .default(1e-3)
      .meta({ title: 'Adafactor ε₂', description: 'Adafactor: floor of the parameter scale.', optimizer: 'adafactor' }),
    weightDecayLrExponent: posNum().nullable().default(2).meta({
      title: 'Adafactor decay exponent',
      description: 'Adafactor weight decay wd_k = lr_k ^ exponent (PaLM: 2, wd = lr²); null = none.',
      optimizer: 'adafactor',
    }),
  })
  .prefault({});

export const trainSchema = z
  .strictObject({
    batchSize: posInt().default(16).meta({ title: 'Batch size', description: 'Sequences per step.' }),
    steps: posInt().default(300).meta({ title: 'Steps', description: 'Optimizer steps to train.' }),
    seed: nonNegInt().default(0).meta({ title: 'Seed', description: 'Same seed, same initial weights and batches.' }),
    logEvery: posInt().default(10).meta({ title: 'Log every', description: 'Steps between logged points.' }),
    evalEvery: posInt().default(100).meta({ title: 'Evaluate every', description: 'Steps between validation losses.' }),
    evalBatches: posInt().default(4).meta({ title: 'Eval batches', description: 'Batches per validation loss.' }),
    checkpointEvery: posInt()
      .default(100)
      .meta({ title: 'Checkpoint every', description: 'Steps between saved checkpoints.' }),
    zLossCoef: nonNegNum()
      .default(1e-4)
      .meta({ title: 'z-loss weight', description: 'z-loss weight: coef · mean(log(Z)²) (PaLM: 1e-4); 0 = off.' }),
    peakTflops: posNum().nullable().default(null).meta({
      title: 'Nominal peak TFLOP/s',
      description: "A nominal peak per chip for MFU; null = the backend's calibrated peak.",
    }),
  })
  .prefault({});

export const dataSchema = z
  .strictObject({
    corpus: oneOf(CORPORA).default('moby-dick').meta({
      title: 'Corpus',
      description: 'moby-dick, sotu (State of the Union addresses) or file (with data.path).',
    }),
    path: z
      .string({ error: 'must be a file path' })
      .min(1, { error: 'must be a file path' })
      .optional()
      .meta({ title: 'File', description: 'A UTF-8 text file, when corpus is "file".' }),
    tokenizer: z
      .preprocess((v) => (typeof v === 'string' ? (TOKENIZER_ALIASES[v] ?? v) : v), oneOf(TOKENIZERS))
      .default('byte')
      .meta({
        title: 'Tokenizer',
        description:
          "byte: 256 ids; bpe or unigram: trained on the corpus' training part, with byte fallback (subword = bpe).",
      }),
    valFraction: z
      .number({ error: 'must be a number' })
      .gt(0, { error: 'must be in (0, 0.5]' })
      .max(0.5, { error: 'must be in (0, 0.5]' })
      .default(0.1)
      .meta({
        title: 'Held-out fraction',
        description: 'Fraction of the corpus (its tail) held out for validation, in (0, 0.5].',
      }),
    maxBytes: posInt().nullable().default(null).meta({
      title: 'Use first bytes',
      description: 'Train on the first maxBytes bytes of the corpus; null = all of it.',
    }),
  })
  .prefault({});

export const configSchema = z.strictObject({
  model: modelSchema,
  optimizer: optimizerSchema,
  train: trainSchema,
  data: dataSchema,
});

export type ConfigInput = z.input<typeof configSchema>;
type Parsed = z.output<typeof configSchema>;
export type ModelConfig = Omit<Parsed['model'], 'kvHeads' | 'maxPositions'> & { kvHeads: number; maxPositions: number };
export type OptimizerConfig = Parsed['optimizer'];
export type TrainConfig = Parsed['train'];
export type DataConfig = Parsed['data'];
/** The optimizer settings of an empty config: the defaults the optimizer classes fall back on, so there is one set. */
export const OPTIMIZER_DEFAULTS: OptimizerConfig = optimizerSchema.parse({});
/** A validated config with every default filled in and kvHeads / maxPositions resolved. */
export interface Config {
  model: ModelConfig;
  optimizer: OptimizerConfig;
  train: TrainConfig;
  data: DataConfig;
}
