// The builder's draft: a full config input (every default filled in, so each field shows its value) from a preset
// or from a run to duplicate, without the keys parseConfig derives (kvHeads from attention, maxPositions from seqLen).
import { parseConfig, type Config, type ConfigInput } from '../../../core/config';

export function draftFromConfig(
  config: Config,
  explicitMaxPositions = config.model.maxPositions !== config.model.seqLen,
): ConfigInput {
  const { kvHeads: _kvHeads, maxPositions, ...model } = config.model;
  return {
    ...config,
    model: explicitMaxPositions ? { ...model, maxPositions } : model,
  } as ConfigInput;
}

export function draftFromInput(base: ConfigInput): ConfigInput {
  return draftFromConfig(parseConfig(base), base.model?.maxPositions !== undefined);
}
