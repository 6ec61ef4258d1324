// Human labels for how configs differ, e.g. "attention: mqa→mha" (docs/design.md §4: config diff labels are pure functions).
// Used for run labels in experiments, sweep point names, and the "varied keys" table of reports.
import type { Config } from './schema';

export type ConfigLeaf = string | number | boolean | null | undefined;

/** Every leaf of a config under its dotted key, in schema order: { "model.dModel": 128, ... }. */
export function flattenConfig(config: Config): Record<string, ConfigLeaf> {
  const flat: Record<string, ConfigLeaf> = {};
  for (const [section, values] of Object.entries(config)) {
    for (const [key, value] of Object.entries(values as Record<string, ConfigLeaf>)) flat[`${section}.${key}`] = value;
  }
  return flat;
}

/** model.* keys are the switches people talk about, so they go by their bare name; other sections keep theirs. */
export function shortenConfigKey(dottedKey: string): string {
  return dottedKey.startsWith('model.') ? dottedKey.slice('model.'.length) : dottedKey;
}

export function formatConfigValue(value: ConfigLeaf): string {
  if (value === undefined) return 'unset';
  if (typeof value === 'string') return value;
  return String(value);
}

export interface ConfigChange {
  key: string;
  from: ConfigLeaf;
  to: ConfigLeaf;
}

/**
 * kvHeads and maxPositions are resolved by parseConfig from attention and seqLen; when both configs hold the value
 * they would get anyway, the change says nothing the primary key does not (mqa→mha already means kvHeads 1→H).
 */
export function isImpliedValue(key: string, config: Config): boolean {
  const m = config.model;
  if (key === 'model.kvHeads')
    return (m.attention === 'mqa' && m.kvHeads === 1) || (m.attention === 'mha' && m.kvHeads === m.nHeads);
  if (key === 'model.maxPositions') return m.maxPositions === m.seqLen;
  return false;
}

/** The leaf keys whose values differ, in schema order. */
export function listConfigChanges(base: Config, other: Config): ConfigChange[] {
  const a = flattenConfig(base);
  const b = flattenConfig(other);
  const changes: ConfigChange[] = [];
  for (const key of Object.keys({ ...a, ...b })) {
    if (a[key] === b[key]) continue;
    if (isImpliedValue(key, base) && isImpliedValue(key, other)) continue;
    changes.push({ key, from: a[key], to: b[key] });
  }
  return changes;
}

/**
 * "attention: mqa→mha, optimizer.name: adafactor→adamw"; "" when nothing differs. Keys in `implied` are left out:
 * a compared switch's own defaults (claims.ts companions), which the switch's change already says.
 */
export function describeConfigDiff(base: Config, other: Config, implied: ReadonlySet<string> = new Set()): string {
  return listConfigChanges(base, other)
    .filter((c) => !implied.has(c.key))
    .map((c) => `${shortenConfigKey(c.key)}: ${formatConfigValue(c.from)}→${formatConfigValue(c.to)}`)
    .join(', ');
}
