// The preset's runs no switch expresses (GPT's whole recipe, AdamW with its own learning rate, a sweep point):
// listed with what each changes, each removable, so a preset never silently drops a run.
import { useBuilder } from '../context';

const describe = (overrides: Record<string, unknown>) =>
  Object.entries(overrides)
    .map(([k, v]) => `${k.replace(/^model\./, '')} = ${v === null ? 'none' : String(v)}`)
    .join(', ');

export function VariantList() {
  const { variants, removeVariant } = useBuilder((s) => ({ variants: s.variants, removeVariant: s.removeVariant }));
  if (variants.length === 0) return null;
  return (
    <fieldset className="variants">
      <legend>Also run (from the preset)</legend>
      <ul>
        {variants.map((v) => (
          <li key={v.name}>
            <strong>{v.name}</strong> <span className="hint">{describe(v.overrides)}</span>{' '}
            <button type="button" aria-label={`Remove variant ${v.name}`} onClick={() => removeVariant(v.name)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
