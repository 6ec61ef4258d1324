// The one table of PaLM's design choices (docs/palm.md §1, PaLM §2 and §5): each switch, its options, the paper's claim in
// one sentence, the metrics that test it and the experiment presets that do. The builder, bench, paper panel, presets
// and reports all read it; the verdict rules (core/report/verdict.ts) read `tests`.
import type { PaperClaim, SwitchOption } from './claim-types';
import type { Overrides } from '../config/experiment';
import { ADAMW_DEFAULTS, GPT_RECIPE } from '../config/presets';
import { OPTIMIZER_DEFAULTS } from '../config/schema';

export * from './claim-types';

const option = (
  id: string,
  label: string,
  overrides: Overrides,
  companions?: Overrides,
  extra: Pick<SwitchOption, 'short' | 'takesKvHeads'> = {},
): SwitchOption => ({
  id,
  label,
  overrides,
  ...(companions ? { companions } : {}),
  ...extra,
});

/** PaLM's Adafactor schedule (the schema's defaults): lr 1e-2, then 1/sqrt(k). */
const ADAFACTOR_DEFAULTS: Overrides = {
  'optimizer.learningRate': OPTIMIZER_DEFAULTS.learningRate,
  'optimizer.schedule': OPTIMIZER_DEFAULTS.schedule,
  'optimizer.warmupSteps': OPTIMIZER_DEFAULTS.warmupSteps,
};

/** K/V heads of grouped-query attention when nothing sets them: between MQA's 1 and MHA's nHeads (4 by default). */
export const GQA_KV_HEADS = 2;

/** Quality differences under this many nats/token count as "no difference" for a neutral claim. */
const LOSS_MARGIN = 0.05;

export const CLAIMS: PaperClaim[] = [
  {
    id: 'block',
    title: 'Block',
    headline: true,
    inBuilder: true,
    key: 'model.block',
    scope: ['model.block'],
    options: [
      option('parallel', 'parallel (PaLM)', { 'model.block': 'parallel' }),
      option('serial', 'serial', { 'model.block': 'serial' }),
    ],
    palm: 'parallel',
    alternative: 'serial',
    claim:
      'Parallel blocks train ~15% faster at large scale (the input matmuls fuse), with a small quality loss at 8B and none at 62B.',
    source: 'PaLM §2',
    metrics: ['speed', 'loss'],
    // Speed as wall time to the same loss at the interleaved bench's speeds (docs/evidence.md, Method).
    tests: [
      { metric: 'timeToTarget', expect: 'palm-better' },
      { metric: 'finalValLoss', expect: 'neutral', margin: LOSS_MARGIN },
    ],
    presets: ['serial-vs-parallel', 'serial-vs-parallel-ladder', 'serial-vs-parallel-gpu'],
  },
  {
    id: 'attention',
    title: 'Attention',
    headline: true,
    inBuilder: true,
    key: 'model.attention',
    // kvHeads follows the attention (1 for mqa, nHeads for mha); grouped-query attention sets it.
    scope: ['model.attention', 'model.kvHeads'],
    options: [
      option('mqa', 'multi-query (PaLM)', { 'model.attention': 'mqa' }),
      option('mha', 'multi-head', { 'model.attention': 'mha' }),
      // Between the two (experiments/mha-vs-mqa.json runs it with 2 K/V heads for 4 query heads).
      option(
        'gqa',
        'grouped (k K/V heads)',
        { 'model.attention': 'gqa' },
        { 'model.kvHeads': GQA_KV_HEADS },
        { takesKvHeads: true },
      ),
    ],
    palm: 'mqa',
    alternative: 'mha',
    claim:
      'Multi-query attention is neutral for quality and training speed, and makes autoregressive decoding much cheaper (the KV cache shrinks by the number of heads).',
    source: 'PaLM §2',
    metrics: ['loss', 'speed', 'decode', 'memory'],
    tests: [
      { metric: 'finalValLoss', expect: 'neutral', margin: LOSS_MARGIN },
      { metric: 'timeToTarget', expect: 'neutral', margin: 0.1 },
      { metric: 'kvCacheBytesPerToken', expect: 'palm-better' },
    ],
    presets: ['mha-vs-mqa', 'mha-vs-mqa-ladder'],
  },
  {
    id: 'position',
    title: 'Position',
    headline: true,
    inBuilder: true,
    key: 'model.position',
    scope: ['model.position'],
    options: [
      option('rope', 'RoPE (PaLM)', { 'model.position': 'rope' }),
      option('learned', 'learned absolute', { 'model.position': 'learned' }),
    ],
    palm: 'rope',
    alternative: 'learned',
    claim: 'RoPE embeddings do better than learned absolute positions, especially on long sequences.',
    source: 'PaLM §2',
    metrics: ['loss'],
    tests: [
      { metric: 'finalValLoss', expect: 'palm-better' },
      { metric: 'valLoss4x', expect: 'palm-better' },
      // RoPE's cost: rotating q and k each step must not make the same loss take more than 10% longer.
      { metric: 'timeToTarget', expect: 'not-worse', margin: 0.1 },
    ],
    presets: ['learned-vs-rope', 'learned-vs-rope-ladder'],
  },
  {
    id: 'optimizer',
    title: 'Optimizer',
    headline: true,
    inBuilder: true,
    key: 'optimizer.name',
    scope: ['optimizer.'],
    options: [
      option('adafactor', 'Adafactor (PaLM)', { 'optimizer.name': 'adafactor' }, ADAFACTOR_DEFAULTS),
      option('adamw', 'AdamW', { 'optimizer.name': 'adamw' }, ADAMW_DEFAULTS),
    ],
    palm: 'adafactor',
    alternative: 'adamw',
    claim:
      'Adafactor keeps less optimizer state than Adam, with a slight effect on accuracy (PaLM runs it unfactored, like Adam with parameter scaling).',
    source: 'PaLM §5',
    metrics: ['loss', 'memory'],
    // Adafactor's cost: its factored statistics must not make the same loss take more than 10% longer.
    tests: [
      { metric: 'finalValLoss', expect: 'neutral', margin: LOSS_MARGIN },
      { metric: 'timeToTarget', expect: 'not-worse', margin: 0.1 },
    ],
    presets: ['adam-vs-adafactor'],
  },
  {
    id: 'activation',
    title: 'Activation',
    headline: false,
    inBuilder: true,
    key: 'model.activation',
    // The parameter-matched SwiGLU (F = 8/3 D) separates the activation from its extra parameters.
    scope: ['model.activation', 'model.swigluParamMatched'],
    options: [
      option('swiglu', 'SwiGLU (PaLM)', { 'model.activation': 'swiglu', 'model.swigluParamMatched': false }),
      option('gelu', 'GELU', { 'model.activation': 'gelu', 'model.swigluParamMatched': false }),
      option('relu', 'ReLU', { 'model.activation': 'relu', 'model.swigluParamMatched': false }),
      option('swiglu-matched', 'SwiGLU, GELU-sized', {
        'model.activation': 'swiglu',
        'model.swigluParamMatched': true,
      }),
    ],
    palm: 'swiglu',
    alternative: 'gelu',
    claim: 'SwiGLU activations significantly increase quality over ReLU/GELU, at the cost of more compute per token.',
    source: 'PaLM §2',
    metrics: ['loss', 'speed'],
    tests: [
      { metric: 'finalValLoss', expect: 'palm-better' },
      { metric: 'valLossAtEqualFlops', expect: 'palm-better' },
    ],
    presets: ['swiglu-vs-gelu'],
  },
  {
    id: 'bias',
    title: 'Bias',
    headline: false,
    inBuilder: true,
    key: 'model.bias',
    scope: ['model.bias'],
    options: [
      option('none', 'none (PaLM)', { 'model.bias': false }, undefined, { short: 'no bias' }),
      option('bias', 'biases everywhere', { 'model.bias': true }),
    ],
    palm: 'none',
    alternative: 'bias',
    claim: 'No biases in dense kernels or layer norms makes training of large models more stable.',
    source: 'PaLM §2',
    metrics: ['stability', 'loss'],
    tests: [
      { metric: 'lrSensitivity', expect: 'palm-better' },
      { metric: 'finalValLoss', expect: 'neutral', margin: LOSS_MARGIN },
    ],
    presets: ['bias-vs-none', 'lr-sensitivity'],
  },
  {
    id: 'dropout',
    title: 'Dropout',
    headline: false,
    inBuilder: false,
    key: 'model.dropout',
    scope: ['model.dropout'],
    options: [
      option('none', 'none (PaLM)', { 'model.dropout': 0 }),
      option('dropout', '0.1', { 'model.dropout': 0.1 }),
    ],
    palm: 'none',
    alternative: 'dropout',
    claim: 'Pre-training without dropout is better: with every token seen about once there is nothing to regularise.',
    source: 'PaLM §5',
    metrics: ['loss'],
    tests: [{ metric: 'finalValLoss', expect: 'palm-better' }],
    presets: ['dropout-vs-none'],
  },
  {
    id: 'tieEmbeddings',
    title: 'Tied embeddings',
    headline: false,
    inBuilder: true,
    key: 'model.tieEmbeddings',
    scope: ['model.tieEmbeddings'],
    options: [
      option('tied', 'shared (PaLM)', { 'model.tieEmbeddings': true }),
      option('untied', 'separate output matrix', { 'model.tieEmbeddings': false }),
    ],
    palm: 'tied',
    alternative: 'untied',
    claim: 'Sharing the input and output embeddings saves V·D parameters without costing quality or stability.',
    source: 'PaLM §2',
    metrics: ['memory', 'loss', 'stability'],
    tests: [
      { metric: 'params', expect: 'palm-better' },
      { metric: 'finalValLoss', expect: 'neutral', margin: LOSS_MARGIN },
      { metric: 'lrSensitivity', expect: 'neutral', margin: LOSS_MARGIN },
    ],
    presets: ['lr-sensitivity'],
  },
  {
    id: 'zLoss',
    title: 'Z-loss',
    headline: false,
    inBuilder: true,
    key: 'train.zLossCoef',
    scope: ['train.zLossCoef'],
    options: [
      option('on', '1e-4 (PaLM)', { 'train.zLossCoef': 1e-4 }, undefined, { short: 'z-loss' }),
      option('off', 'off', { 'train.zLossCoef': 0 }, undefined, { short: 'no z-loss' }),
    ],
    palm: 'on',
    alternative: 'off',
    claim: 'A z-loss of 1e-4 keeps the softmax normaliser log Z near 0, which makes training more stable.',
    source: 'PaLM §5',
    metrics: ['stability'],
    tests: [
      { metric: 'finalAbsLogZ', expect: 'palm-better' },
      { metric: 'lrSensitivity', expect: 'palm-better' },
    ],
    presets: ['lr-sensitivity'],
  },
  {
    id: 'vocabulary',
    title: 'Vocabulary',
    headline: false,
    inBuilder: true,
    key: 'data.tokenizer',
    scope: ['data.tokenizer', 'model.vocabSize'],
    options: [
      // Byte first, as the defaults and experiments/byte-vs-subword.json have it; PaLM's is a subword vocabulary.
      option('byte', 'bytes (256)', { 'data.tokenizer': 'byte', 'model.vocabSize': 256 }, undefined, {
        short: 'bytes',
      }),
      option(
        'subword',
        'BPE subwords, 512 (PaLM-like)',
        { 'data.tokenizer': 'bpe', 'model.vocabSize': 512 },
        undefined,
        {
          short: 'bpe',
        },
      ),
      option('unigram', 'unigram subwords, 512', { 'data.tokenizer': 'unigram', 'model.vocabSize': 512 }),
    ],
    palm: 'subword',
    alternative: 'byte',
    claim:
      'A lossless subword vocabulary (byte fallback) carries more text per token than bytes, so the same compute models the text better per byte.',
    source: 'PaLM §2',
    metrics: ['loss', 'speed'],
    tests: [{ metric: 'valBitsPerByte', expect: 'palm-better' }],
    presets: ['byte-vs-subword'],
  },
];

/** The recipe of PaLM's switches together against a GPT-style one (experiments/palm-vs-gpt.json). */
const PALM_RECIPE: Overrides = {
  'model.block': 'parallel',
  'model.attention': 'mqa',
  'model.position': 'rope',
  'model.activation': 'swiglu',
  'model.bias': false,
  'model.tieEmbeddings': true,
  'optimizer.name': 'adafactor',
};

/**
 * Claims about several switches at once. Not builder switches nor panel rows (a pair differing in one of their keys
 * does not test them); an experiment names them in `claims`, and a pair counts only when each run has every override
 * of its side.
 */
export const RECIPE_CLAIMS: PaperClaim[] = [
  {
    id: 'recipe',
    title: 'PaLM recipe',
    headline: false,
    inBuilder: false,
    key: 'model.block',
    scope: [
      'model.block',
      'model.attention',
      'model.position',
      'model.activation',
      'model.bias',
      'model.tieEmbeddings',
      'optimizer.',
    ],
    options: [
      option('palm', 'PaLM', PALM_RECIPE, ADAFACTOR_DEFAULTS),
      option('gpt', 'GPT-style', GPT_RECIPE, ADAMW_DEFAULTS),
    ],
    palm: 'palm',
    alternative: 'gpt',
    claim:
      "Together PaLM's modelling choices train at least as well as the standard Transformer recipe while running faster per token and decoding with a much smaller KV cache.",
    source: 'PaLM §2, §5',
    metrics: ['loss', 'speed', 'memory'],
    tests: [
      { metric: 'finalValLoss', expect: 'not-worse', margin: LOSS_MARGIN },
      { metric: 'tokensPerSec', expect: 'palm-better' },
      { metric: 'kvCacheBytesPerToken', expect: 'palm-better' },
    ],
    presets: ['palm-vs-gpt'],
  },
];

/** Every claim a verdict can be given for: the switches, then the recipes. */
export const ALL_CLAIMS: PaperClaim[] = [...CLAIMS, ...RECIPE_CLAIMS];

export function findClaim(id: string): PaperClaim {
  const claim = ALL_CLAIMS.find((c) => c.id === id);
  if (!claim) throw new Error(`unknown claim "${id}"; claims: ${ALL_CLAIMS.map((c) => c.id).join(', ')}`);
  return claim;
}

export function findOption(claim: PaperClaim, id: string): SwitchOption {
  const found = claim.options.find((o) => o.id === id);
  if (!found) throw new Error(`claim "${claim.id}" has no option "${id}"`);
  return found;
}

/** The value of the switch's own key under an option, e.g. "mqa". */
export function optionValue(claim: PaperClaim, id: string): unknown {
  return findOption(claim, id).overrides[claim.key];
}

/** Whether a dotted config key lies in a claim's scope (the keys a pair may differ in). */
export function inClaimScope(claim: PaperClaim, key: string): boolean {
  return claim.scope.some((s) => (s.endsWith('.') ? key.startsWith(s) : key === s));
}

/** "Attention (mqa vs mha): Multi-query attention is neutral ..." */
export function describeClaim(claim: PaperClaim): string {
  return `${claim.title} (${String(optionValue(claim, claim.palm))} vs ${String(optionValue(claim, claim.alternative))}): ${claim.claim}`;
}
