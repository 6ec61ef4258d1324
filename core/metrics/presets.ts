// The real PaLM shapes for the calculator (docs/palm.md §2, PaLM paper Table 1): head size 256, F = 4D,
// vocabulary 256,000, T = 2048, and every PaLM choice (MQA, parallel block, SwiGLU, RoPE, no bias, tied).
import { parseConfig } from '../config/parse';
import type { ModelConfig } from '../config/schema';

const SHAPES = {
  'palm-8b': { nLayers: 32, dModel: 4096, nHeads: 16 },
  'palm-62b': { nLayers: 64, dModel: 8192, nHeads: 32 },
  'palm-540b': { nLayers: 118, dModel: 18432, nHeads: 48 },
} as const;

export type CalculatorPresetName = keyof typeof SHAPES;
export const CALCULATOR_PRESET_NAMES = Object.keys(SHAPES) as CalculatorPresetName[];

/** The model config of a PaLM size; throws naming the known presets for any other name. */
export function calculatorPreset(name: string): ModelConfig {
  if (!(name in SHAPES)) {
    throw new Error(`unknown calculator preset "${name}"; known: ${CALCULATOR_PRESET_NAMES.join(', ')}`);
  }
  const shape = SHAPES[name as CalculatorPresetName];
  // The byte tokenizer would pin vocabSize to 256; PaLM's SentencePiece vocabulary is a subword one.
  return parseConfig({
    model: {
      ...shape,
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
  }).model;
}
