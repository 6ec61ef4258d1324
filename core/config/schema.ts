// The one config schema of the workbench (docs/design.md §2): defaults are PaLM's choices (docs/palm.md §1) at laptop scale.
// Every other part of the house reads a `Config` that went through `parseConfig` (core/config/parse.ts).
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
    vocabSize: posInt().default(256),
    dModel: posInt().default(128),
    nLayers: posInt().default(4),
    nHeads: posInt().default(4),
    headDim: posInt().default(32),
    /** MLP width F = ffnMult · dModel (PaLM: 4 for every activation). */
    ffnMult: posNum().default(4),
    /** SwiGLU with F = 2/3 · ffnMult · dModel, so its MLP has the parameters of a GELU MLP (LLaMA's 8/3 D). */
    swigluParamMatched: z.boolean({ error: 'must be true or false' }).default(false),
    seqLen: posInt().default(128),
    /** Rows of the learned position table; defaults to seqLen. Decoding past it needs rope. */
    maxPositions: posInt().optional(),
    block: oneOf(BLOCKS).default('parallel'),
    attention: oneOf(ATTENTIONS).default('mqa'),
    /** K/V heads: 1 for mqa, nHeads for mha, required for gqa. */
    kvHeads: posInt().optional(),
    position: oneOf(POSITIONS).default('rope'),
    activation: oneOf(ACTIVATIONS).default('swiglu'),
    norm: oneOf(NORMS).default('layernorm'),
    bias: z.boolean({ error: 'must be true or false' }).default(false),
    dropout: fraction('must be in [0, 1)').default(0),
    tieEmbeddings: z.boolean({ error: 'must be true or false' }).default(true),
    normEps: posNum().default(1e-5),
  })
  .prefault({});

export const optimizerSchema = z
  .strictObject({
    name: oneOf(OPTIMIZERS).default('adafactor'),
    /** Peak learning rate. rsqrt: lr_k = min(learningRate, 1/sqrt(k)) (PaLM: 1e-2). */
    learningRate: posNum().default(1e-2),
    schedule: oneOf(SCHEDULES).default('rsqrt'),
    warmupSteps: nonNegInt().default(0),
    /** Cosine decays to minLrRatio · learningRate at the last step. */
    minLrRatio: z
      .number({ error: 'must be a number' })
      .min(0, { error: 'must be in [0, 1]' })
      .max(1, { error: 'must be in [0, 1]' })
      .default(0.1),
    /** Global-norm gradient clipping threshold; 0 turns clipping off (PaLM: 1.0). */
    clipNorm: nonNegNum().default(1),
    /** First-moment decay. Adafactor: null = no momentum (PaLM: 0.9). */
    beta1: fraction('must be in [0, 1)').nullable().default(0.9),
    /** AdamW second-moment decay. */
    beta2: fraction('must be in [0, 1)').default(0.99),
    /** AdamW denominator epsilon. */
    eps: posNum().default(1e-8),
    /** AdamW decoupled weight decay (applied to ≥2-D parameters only). */
    weightDecay: nonNegNum().default(0.1),
    /** Adafactor: factor second moments of matrices (PaLM: false). */
    factored: z.boolean({ error: 'must be true or false' }).default(false),
    minDimSizeToFactor: posInt().default(128),
    decayRate: posNum().default(0.8),
    clippingThreshold: posNum().default(1),
    multiplyByParameterScale: z.boolean({ error: 'must be true or false' }).default(true),
    eps1: posNum().default(1e-30),
    eps2: posNum().default(1e-3),
    /** Adafactor weight decay wd_k = lr_k ^ exponent (PaLM: 2); null = none. */
    weightDecayLrExponent: posNum().nullable().default(2),
  })
  .prefault({});

export const trainSchema = z
  .strictObject({
    batchSize: posInt().default(16),
    steps: posInt().default(300),
    seed: nonNegInt().default(0),
    logEvery: posInt().default(10),
    evalEvery: posInt().default(100),
    evalBatches: posInt().default(4),
    checkpointEvery: posInt().default(100),
    /** z-loss weight: coef · mean(log(Z)^2) (PaLM: 1e-4); 0 = off. */
    zLossCoef: nonNegNum().default(1e-4),
    /** A nominal peak for MFU in TFLOP/s per chip; null = the calibrated peak of the backend. */
    peakTflops: posNum().nullable().default(null),
  })
  .prefault({});

export const dataSchema = z
  .strictObject({
    corpus: oneOf(CORPORA).default('moby-dick'),
    /** A UTF-8 text file, when corpus is "file". */
    path: z.string({ error: 'must be a file path' }).min(1, { error: 'must be a file path' }).optional(),
    /** byte: 256 ids; bpe / unigram: trained on the corpus' training part, byte fallback (core/tokenizer). */
    tokenizer: z
      .preprocess((v) => (typeof v === 'string' ? (TOKENIZER_ALIASES[v] ?? v) : v), oneOf(TOKENIZERS))
      .default('byte'),
    /** Fraction of the corpus (its tail) held out for validation. */
    valFraction: z
      .number({ error: 'must be a number' })
      .gt(0, { error: 'must be in (0, 0.5]' })
      .max(0.5, { error: 'must be in (0, 0.5]' })
      .default(0.1),
    /** Use only the first maxBytes bytes of the corpus; null = all of it. */
    maxBytes: posInt().nullable().default(null),
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
