// The benchmark's models: the reference config (PaLM's switches at laptop scale, issue 4) and each headline ablation
// toggled alone (docs/palm.md §1-§4): serial block, multi-head attention, learned positions, AdamW.
import { applyOverrides, parseConfig, type Config, type ConfigInput, type Overrides } from '../config';
import { CLAIMS, findOption } from '../claims';

export interface BenchVariant {
  name: string;
  config: Config;
}

/** The headline switches of the claims table (core/claims/claims.ts), each flipped to its alternative alone. */
export const ABLATIONS: { name: string; overrides: Overrides }[] = CLAIMS.filter((c) => c.headline).map((c) => ({
  name: c.alternative,
  overrides: findOption(c, c.alternative).overrides,
}));

/** The reference: 4 layers, dModel 128, 4 heads of 32, seqLen 128, batch 16, byte vocab, PaLM's defaults. */
export function referenceInput(): ConfigInput {
  return {
    model: { vocabSize: 256, dModel: 128, nLayers: 4, nHeads: 4, headDim: 32, seqLen: 128 },
    train: { batchSize: 16 },
    data: { tokenizer: 'byte' },
  };
}

/** `base` merged section by section with `overrides` (one level deep, as the config has). */
export function withOverrides(base: ConfigInput, overrides: ConfigInput): ConfigInput {
  return {
    model: { ...base.model, ...overrides.model },
    optimizer: { ...base.optimizer, ...overrides.optimizer },
    train: { ...base.train, ...overrides.train },
    data: { ...base.data, ...overrides.data },
  };
}

/** The base config (the reference unless given) and, when asked, each ablation of it. */
export function benchVariants(base: ConfigInput = referenceInput(), ablations = true): BenchVariant[] {
  const variants: BenchVariant[] = [{ name: 'reference', config: parseConfig(base) }];
  if (ablations)
    for (const a of ABLATIONS) variants.push({ name: a.name, config: parseConfig(applyOverrides(base, a.overrides)) });
  return variants;
}
