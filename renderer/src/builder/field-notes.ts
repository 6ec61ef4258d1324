// Every settings field in words, read from the schema's .meta() (core/config/settings.ts): its label, its explanation,
// and for optimizer settings the optimizer they belong to (the form shows AdamW's or Adafactor's only when that
// optimizer is in the plan).
import { findSetting } from '../../../core/config';

export interface FieldNote {
  label: string;
  explain: string;
  /** Shown only when this optimizer runs. */
  optimizer?: 'adamw' | 'adafactor';
}

export function readFieldNote(key: string): FieldNote {
  const setting = findSetting(key);
  if (!setting) return { label: key, explain: '' };
  return {
    label: setting.label,
    explain: setting.description,
    ...(setting.optimizer ? { optimizer: setting.optimizer } : {}),
  };
}
