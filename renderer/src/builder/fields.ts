// The settings form's fields, read from the config schema so every key is editable (except those the ablation
// switches own), and how a field's text becomes the value zod then validates inline.
import { configSchema, CORPORA, NORMS, parseConfig, SCHEDULES, type ConfigInput } from '../../../core/config';
import { AXIS_KEYS } from './ablations';

export type FieldKind = 'number' | 'boolean' | 'enum' | 'text';

export interface FormField {
  /** Dotted key, e.g. "model.dModel"; also the field's label. */
  key: string;
  section: string;
  name: string;
  kind: FieldKind;
  options?: readonly string[];
  /** Empty text means null (e.g. "no momentum", "all of the corpus"). */
  nullable: boolean;
  /** Empty text leaves the key out, so its default (or derived value) applies. */
  optional: boolean;
}

const ENUMS: Record<string, readonly string[]> = {
  'model.norm': NORMS,
  'optimizer.schedule': SCHEDULES,
  'data.corpus': CORPORA,
};
const OPTIONAL_NUMBERS = new Set(['model.maxPositions']);
const OPTIONAL_TEXT = new Set(['data.path']);

export function listFormFields(): FormField[] {
  const defaults = parseConfig({}) as unknown as Record<string, Record<string, unknown>>;
  return Object.entries(configSchema.shape).flatMap(([section, schema]) =>
    Object.keys(schema.unwrap().shape)
      .map((name) => `${section}.${name}`)
      .filter((key) => !AXIS_KEYS.has(key))
      .map((key): FormField => {
        const name = key.split('.')[1]!;
        const value = defaults[section]![name]; // parseConfig({}) fills every section
        const kind: FieldKind =
          key in ENUMS ? 'enum' : OPTIONAL_TEXT.has(key) ? 'text' : typeof value === 'boolean' ? 'boolean' : 'number';
        return {
          key,
          section,
          name,
          kind,
          options: ENUMS[key],
          nullable: value === null,
          optional: OPTIONAL_NUMBERS.has(key) || OPTIONAL_TEXT.has(key),
        };
      }),
  );
}

/** Sentinel for "leave the key out". */
export const UNSET = Symbol('unset');

/**
 * Text typed into a field → the value to validate. Numbers that do not parse stay text, so the schema's own
 * message ("must be a number (got "1e-")") shows under the field.
 */
export function parseFieldText(field: FormField, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return field.nullable ? null : field.optional ? UNSET : '';
  if (field.kind === 'text' || field.kind === 'enum') return trimmed;
  const n = Number(trimmed);
  return Number.isNaN(n) ? trimmed : n;
}

export function formatFieldValue(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export function readDraftValue(draft: ConfigInput, key: string): unknown {
  const [section, name] = key.split('.') as [string, string]; // field keys are "section.name"
  return (draft as Record<string, Record<string, unknown> | undefined>)[section]?.[name];
}

/** A copy of the draft with one key set (or left out for UNSET). */
export function writeDraftValue(draft: ConfigInput, key: string, value: unknown): ConfigInput {
  const [section, name] = key.split('.') as [string, string]; // field keys are "section.name"
  const sections = draft as Record<string, Record<string, unknown> | undefined>;
  const next = { ...(sections[section] ?? {}) };
  if (value === UNSET) delete next[name];
  else next[name] = value;
  return { ...sections, [section]: next } as ConfigInput;
}
