// Named configs beyond laptop scale (docs/cli.md, GPU presets): models that fill a GPU, with every PaLM switch
// (parallel block, MQA, RoPE, SwiGLU, no biases, tied embeddings, Adafactor, z-loss) at the schema's defaults. Read by
// `bench --config NAME`, `flops --preset NAME` and the builder's preset list.
import type { ConfigInput } from './schema';

export interface ConfigPreset {
  /** What `bench --config` and the builder call it. */
  name: string;
  description: string;
  config: ConfigInput;
}

/**
 * Heads of 64 with H · Dh = D and F = 4D (SwiGLU: three D x F matrices), the byte vocabulary (no tokenizer to
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

/** The preset called `name`, or undefined. */
export function findConfigPreset(name: string): ConfigPreset | undefined {
  return CONFIG_PRESETS.find((p) => p.name === name);
}
