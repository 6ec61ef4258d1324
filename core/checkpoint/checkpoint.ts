// Workbench checkpoints (docs/design.md §2): the model's float32 weights as safetensors, named and shaped by
// paramSpecs, with the resolved config riding in __metadata__ so a file is self-describing.
import { parseConfig } from '../config/parse';
import type { Config, ModelConfig } from '../config/schema';
import { paramSpecs } from '../config/shapes';
import { readSafetensors, writeSafetensors, type TensorData } from './safetensors';

export const CHECKPOINT_FORMAT = 'palm-workbench-checkpoint/1';
const RESERVED_METADATA = ['format', 'config'];

export interface DecodeOptions {
  /** The config the caller means to load into; a different model config is an error naming the keys. */
  expectedConfig?: Config;
  /** Name prefixes (e.g. "optimizer/") of tensors allowed beside the model's parameters. */
  allowPrefixes?: string[];
}

export interface DecodedCheckpoint {
  config: Config;
  /** The model's parameters, in paramSpecs order. */
  weights: Record<string, TensorData>;
  /** Tensors under an allowed prefix (optimizer state and the like), in file order. */
  extraTensors: Record<string, TensorData>;
  /** Everything in __metadata__, format and config included. */
  metadata: Record<string, string>;
}

/**
 * Encode weights and config as safetensors bytes: parameters in paramSpecs order, then any other tensors,
 * which must carry a "prefix/" (e.g. "optimizer/...") so they can never be mistaken for parameters.
 */
export function encodeCheckpoint(
  config: Config,
  weights: Record<string, TensorData>,
  extra: Record<string, string> = {},
): Uint8Array {
  for (const key of RESERVED_METADATA) {
    if (key in extra) throw new Error(`checkpoint metadata "${key}" is reserved for the workbench; choose another key`);
  }
  const issues = tensorIssues(config.model, weights, (name) => name.includes('/'));
  if (issues.length > 0) throw new Error(`cannot encode checkpoint:\n  - ${issues.join('\n  - ')}`);
  const ordered: Record<string, TensorData> = {};
  for (const spec of paramSpecs(config.model)) ordered[spec.name] = weights[spec.name]!; // tensorIssues checked every parameter is present
  for (const [name, tensor] of Object.entries(weights)) if (!(name in ordered)) ordered[name] = tensor;
  return writeSafetensors(ordered, { ...extra, format: CHECKPOINT_FORMAT, config: JSON.stringify(config) });
}

/** Decode checkpoint bytes, validating the config and that the tensors are exactly the model's parameters. */
export function decodeCheckpoint(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedCheckpoint {
  const { metadata, tensors } = readSafetensors(bytes);
  const config = checkpointConfig(metadata, opts.expectedConfig);

  const prefixes = opts.allowPrefixes ?? [];
  const isExtra = (name: string) => prefixes.some((p) => name.startsWith(p));
  const issues = tensorIssues(config.model, tensors, isExtra);
  if (issues.length > 0) throw new Error(`checkpoint does not match its config:\n  - ${issues.join('\n  - ')}`);

  const weights: Record<string, TensorData> = {};
  for (const spec of paramSpecs(config.model)) weights[spec.name] = tensors[spec.name]!; // tensorIssues checked every parameter is present
  const extraTensors: Record<string, TensorData> = {};
  for (const [name, tensor] of Object.entries(tensors)) if (!(name in weights)) extraTensors[name] = tensor;
  return { config, weights, extraTensors, metadata };
}

/**
 * The config of a checkpoint: its own (a workbench file), checked against the expected one; or, for a plain
 * safetensors file (no workbench format tag and no config, as PyTorch's safetensors writes it), the expected one.
 */
function checkpointConfig(metadata: Record<string, string>, expected: Config | undefined): Config {
  const wrongFormat = `checkpoint metadata "format" is ${JSON.stringify(metadata.format)}, expected "${CHECKPOINT_FORMAT}"`;
  if (metadata.format !== CHECKPOINT_FORMAT) {
    if (metadata.config !== undefined) throw new Error(`${wrongFormat}: not a PaLM Workbench checkpoint`);
    if (expected === undefined) {
      throw new Error(
        `${wrongFormat}: it has no PaLM Workbench format tag or config in its metadata: give the config it was made for (--config) to load it as plain safetensors`,
      );
    }
    return expected;
  }
  if (metadata.config === undefined) throw new Error('checkpoint metadata has no "config"');
  let rawConfig: unknown;
  try {
    rawConfig = JSON.parse(metadata.config);
  } catch (e) {
    throw new Error(`checkpoint metadata "config" is not JSON (${(e as Error).message})`);
  }
  const config = parseConfig(rawConfig, 'checkpoint metadata "config"');
  if (expected) {
    const diffs = diffModels(config.model, expected.model);
    if (diffs.length > 0)
      throw new Error(`checkpoint model config differs from the expected one:\n  - ${diffs.join('\n  - ')}`);
  }
  return config;
}

/** Every missing, misshapen or unexpected tensor, as one message each. */
function tensorIssues(
  m: ModelConfig,
  tensors: Record<string, TensorData>,
  isExtra: (name: string) => boolean,
): string[] {
  const issues: string[] = [];
  const specs = paramSpecs(m);
  for (const { name, shape } of specs) {
    const t = tensors[name];
    if (t === undefined) issues.push(`checkpoint tensor "${name}": missing (the config needs shape [${shape}])`);
    else if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      issues.push(`checkpoint tensor "${name}": shape [${t.shape}] does not match the config's [${shape}]`);
    }
  }
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(tensors)) {
    if (!known.has(name) && !isExtra(name))
      issues.push(`checkpoint tensor "${name}": unexpected, the config has no such parameter`);
  }
  return issues;
}

/** "key: checkpoint X, expected Y" for each model key whose value differs. */
function diffModels(got: ModelConfig, want: ModelConfig): string[] {
  const keys = [...new Set([...Object.keys(got), ...Object.keys(want)])] as (keyof ModelConfig)[];
  return keys
    .filter((k) => got[k] !== want[k])
    .map((k) => `model.${k}: checkpoint ${JSON.stringify(got[k])}, expected ${JSON.stringify(want[k])}`);
}
