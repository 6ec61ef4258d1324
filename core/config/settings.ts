// Every config setting as people read it: its key, label, explanation and default, all taken from the schema's
// .meta() (core/config/schema.ts), the one home that the builder's help, the CLI's --help and docs/config.md read.
import { configSchema } from './schema';

export interface Setting {
  /** Dotted key, e.g. "model.dModel". */
  key: string;
  section: keyof typeof configSchema.shape;
  label: string;
  description: string;
  /** The default as JSON ("256", "\"rope\"", "null"); for a key derived from others, how it is derived, in words. */
  defaultText: string;
  /** The default follows other keys (defaultText says how). */
  derived: boolean;
  /** Shown only when this optimizer runs. */
  optimizer?: 'adamw' | 'adafactor';
}

/** Keys with no fixed default: parseConfig derives them from other keys (core/config/parse.ts). */
const DERIVED: Record<string, string> = {
  'model.kvHeads': '1 with mqa, nHeads with mha',
  'model.maxPositions': 'seqLen',
  'data.path': 'none',
};

function formatDefault(key: string, schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }): string {
  if (key in DERIVED) return DERIVED[key]!;
  const parsed = schema.safeParse(undefined);
  return parsed.success ? JSON.stringify(parsed.data) : 'required';
}

/** Every setting of the schema, in its order. */
export function listSettings(): Setting[] {
  return Object.entries(configSchema.shape).flatMap(([section, sectionSchema]) =>
    Object.entries(sectionSchema.unwrap().shape).map(([name, schema]): Setting => {
      const key = `${section}.${name}`;
      const meta = schema.meta() ?? {};
      const optimizer = meta.optimizer as Setting['optimizer'];
      return {
        key,
        section: section as Setting['section'],
        label: String(meta.title ?? key),
        description: String(meta.description ?? ''),
        defaultText: formatDefault(key, schema),
        derived: key in DERIVED,
        ...(optimizer ? { optimizer } : {}),
      };
    }),
  );
}

let byKey: Map<string, Setting> | undefined;

/** The setting of a dotted key, or undefined for a key the schema does not have. */
export function findSetting(key: string): Setting | undefined {
  byKey ??= new Map(listSettings().map((s) => [s.key, s]));
  return byKey.get(key);
}
