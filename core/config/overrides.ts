// Dotted-key overrides of a config input (docs/design.md §2, experiment specs): which keys exist, and a copy of an
// input with some set. Shared by experiment specs, their ladders and the preset registry.
import { ConfigError } from './parse';
import { configSchema, type ConfigInput } from './schema';

/** Dotted config keys → values, e.g. { "model.attention": "mha" }. */
export type Overrides = Record<string, unknown>;

/** Why a dotted key is not a config leaf, or null when it is one. */
export function checkOverrideKey(key: string): string | null {
  const sections = Object.keys(configSchema.shape);
  const [section = '', leaf, ...rest] = key.split('.'); // split gives at least one part
  if (!sections.includes(section) || leaf === undefined || rest.length > 0) {
    return `unknown config key; use "<section>.<key>" with a section of ${sections.join(', ')}`;
  }
  const leaves = Object.keys(configSchema.shape[section as keyof typeof configSchema.shape].unwrap().shape);
  return leaves.includes(leaf) ? null : `unknown config key; keys of ${section}: ${leaves.join(', ')}`;
}

/** A copy of a config input with each dotted key set (or, to undefined, taken out); throws ConfigError for a key the
 *  schema does not have. */
export function applyOverrides(input: ConfigInput, overrides: Overrides): ConfigInput {
  const issues = Object.keys(overrides).flatMap((key) => {
    const problem = checkOverrideKey(key);
    return problem ? [{ path: key, message: problem }] : [];
  });
  if (issues.length > 0) throw new ConfigError(issues);
  const out: Record<string, Record<string, unknown>> = { ...(input as Record<string, Record<string, unknown>>) };
  for (const [key, value] of Object.entries(overrides)) {
    const [section, leaf] = key.split('.') as [string, string]; // checkOverrideKey saw both parts
    const { [leaf]: _old, ...others } = out[section] ?? {};
    // undefined (never in a JSON spec) takes the key out, so its default applies (the builder's plans use it).
    out[section] = value === undefined ? others : { ...others, [leaf]: value };
  }
  return out as ConfigInput;
}
