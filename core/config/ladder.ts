// Scale ladders in experiment specs (docs/evidence.md, Ladders): rungs of model size, each with its token budget,
// at which every variant × seed runs. A rung is a config preset and/or model keys plus other dotted overrides; its
// budget is explicit tokens or tokens = k · parameters (with a cap), turned into train.steps.
import { z } from 'zod';
import { parseConfig } from './parse';
import { paramSpecs } from './shapes';
import { CONFIG_PRESET_NAMES, findConfigPreset } from './presets';
import type { Config, ConfigInput } from './schema';
import type { Overrides } from './overrides';

const positive = z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' });

const rungShape = z.strictObject({
  name: z.string({ error: 'must be a string' }).min(1, { error: 'must be a non-empty string' }).optional(),
  preset: z
    .enum(CONFIG_PRESET_NAMES as [string, ...string[]], {
      error: `must be a config preset: ${CONFIG_PRESET_NAMES.join(', ')}`,
    })
    .optional(),
  model: z
    .record(z.string(), z.unknown(), { error: 'must be an object of model keys, e.g. { "dModel": 64 }' })
    .default({}),
  overrides: z
    .record(z.string(), z.unknown(), { error: 'must be an object of dotted keys, e.g. { "train.evalEvery": 20 }' })
    .default({}),
  tokens: positive.optional(),
  tokensPerParam: positive.optional(),
  maxTokens: positive.optional(),
});
/** The keys a rung may have, for the message about one it may not. */
export const RUNG_KEYS = Object.keys(rungShape.shape);

export const rungSchema = rungShape
  .refine((r) => r.tokens === undefined || r.tokensPerParam === undefined, {
    error: 'give tokens or tokensPerParam, not both',
  })
  .refine((r) => r.maxTokens === undefined || r.tokensPerParam !== undefined, {
    error: 'maxTokens caps the tokensPerParam rule; give tokensPerParam too',
  });

export type RungSpec = z.output<typeof rungSchema>;

export interface LadderRung {
  name: string;
  /** The rung's keys as dotted overrides: the preset's config, then `model`, then `overrides`. */
  overrides: Overrides;
  /** The keys the rung sets itself (`model`, `overrides`): a variant or the sweep may not set them too; a variant may
   *  override a preset's key (byte-vs-subword sets the vocabulary a preset gives). */
  ownKeys: string[];
  /** The budget: explicit tokens, or tokens = tokensPerParam · parameters capped at maxTokens; none keeps train.steps. */
  budget: { tokens: number } | { tokensPerParam: number; maxTokens: number | null } | null;
}

/** Which run of an experiment's ladder a run belongs to (recorded in its run.json, so reports group by it). */
export interface RunRung {
  index: number;
  name: string;
}

/** A nested config input as dotted overrides: { model: { dModel: 64 } } -> { "model.dModel": 64 }. */
function flattenInput(input: ConfigInput): Overrides {
  return Object.fromEntries(
    Object.entries(input as Record<string, Record<string, unknown> | undefined>).flatMap(([section, keys]) =>
      Object.entries(keys ?? {}).map(([k, v]) => [`${section}.${k}`, v]),
    ),
  );
}

export function resolveRung(spec: RungSpec, index: number): LadderRung {
  const preset = spec.preset === undefined ? {} : flattenInput(findConfigPreset(spec.preset)!.config); // enum-checked
  const model = Object.fromEntries(Object.entries(spec.model).map(([k, v]) => [`model.${k}`, v]));
  const budget =
    spec.tokens !== undefined
      ? { tokens: spec.tokens }
      : spec.tokensPerParam !== undefined
        ? { tokensPerParam: spec.tokensPerParam, maxTokens: spec.maxTokens ?? null }
        : null;
  return {
    name: spec.name ?? spec.preset ?? `rung ${index + 1}`,
    overrides: { ...preset, ...model, ...spec.overrides },
    ownKeys: Object.keys({ ...model, ...spec.overrides }),
    budget,
  };
}

/**
 * The train.steps of a rung's budget at the rung's base config (every variant of a rung gets the same steps, so pairs
 * compare at equal tokens): round(tokens / (batchSize · seqLen)), at least 1.
 */
export function rungSteps(rung: LadderRung, rungBase: Config): number | null {
  if (rung.budget === null) return null;
  // Every parameter of the model (the checkpoint's tensors; core/metrics/params.ts counts the same from formulas).
  const params = paramSpecs(rungBase.model).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
  const tokens =
    'tokens' in rung.budget
      ? rung.budget.tokens
      : Math.min(rung.budget.tokensPerParam * params, rung.budget.maxTokens ?? Infinity);
  return Math.max(1, Math.round(tokens / (rungBase.train.batchSize * rungBase.model.seqLen)));
}

/** The rung's overrides with its budget as train.steps, resolved at `base` (throws ConfigError like parseConfig). */
export function rungOverrides(
  rung: LadderRung,
  base: ConfigInput,
  apply: (b: ConfigInput, o: Overrides) => ConfigInput,
): Overrides {
  const steps = rungSteps(rung, parseConfig(apply(base, rung.overrides)));
  return steps === null ? rung.overrides : { ...rung.overrides, 'train.steps': steps };
}
