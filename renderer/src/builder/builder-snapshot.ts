// What the builder saves between sessions (in localStorage) and its zod schema: a snapshot that does not parse
// (an older shape, a hand edit) is ignored, and the builder starts from its first preset.
import { z } from 'zod';
import type { ConfigInput, ExperimentVariant } from '../../../core/config';
import type { AxisModes } from './ablations';

export interface BuilderSnapshot {
  presetId: string;
  /** Prefix of the run names, e.g. "mha-vs-mqa". */
  name: string;
  draft: ConfigInput;
  modes: AxisModes;
  variants: ExperimentVariant[];
  baseName: string;
  /** Seeds per run, as typed (checked by readSeedCount when the builder plans runs). */
  seeds: string;
}

/** The part of the Web Storage API the builder uses, so tests can hand it a Map. */
export interface SnapshotStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const BUILDER_STORAGE_KEY = 'palm-workbench.builder/1';

const snapshotSchema = z.object({
  presetId: z.string(),
  name: z.string(),
  // The draft is checked by the config schema as the builder plans runs, with messages under each field.
  draft: z.record(z.string(), z.record(z.string(), z.unknown())),
  modes: z.record(z.string(), z.string()),
  variants: z.array(z.object({ name: z.string(), overrides: z.record(z.string(), z.unknown()) })),
  baseName: z.string(),
  // Snapshots saved before the seeds field had one seed per run.
  seeds: z.string().default('1'),
});

export function loadBuilderSnapshot(storage: SnapshotStorage): BuilderSnapshot | null {
  try {
    const text = storage.getItem(BUILDER_STORAGE_KEY);
    if (!text) return null;
    const parsed = snapshotSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as BuilderSnapshot) : null;
  } catch {
    return null;
  }
}

export function saveBuilderSnapshot(storage: SnapshotStorage, s: BuilderSnapshot): void {
  const snapshot: BuilderSnapshot = {
    presetId: s.presetId,
    name: s.name,
    draft: s.draft,
    modes: s.modes,
    variants: s.variants,
    baseName: s.baseName,
    seeds: s.seeds,
  };
  try {
    storage.setItem(BUILDER_STORAGE_KEY, JSON.stringify(snapshot));
  } catch {
    // Storage full or disabled: the builder still works, it just starts afresh next time.
  }
}
