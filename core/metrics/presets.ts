// PaLM's own sizes for the calculator (docs/palm.md §2, PaLM paper Table 1), from the preset registry
// (core/config/presets.ts): their model configs, validated.
import { parseConfig } from '../config/parse';
import { PAPER_PRESETS } from '../config/presets';
import type { ModelConfig } from '../config/schema';

export const CALCULATOR_PRESET_NAMES = PAPER_PRESETS.map((p) => p.name);

/** The model config of a PaLM size; throws naming the known presets for any other name. */
export function calculatorPreset(name: string): ModelConfig {
  const preset = PAPER_PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown calculator preset "${name}"; known: ${CALCULATOR_PRESET_NAMES.join(', ')}`);
  return parseConfig(preset.config).model;
}
