// Every model / optimizer / training / data setting of the draft, grouped by section, each validated inline by the
// config schema (issues come from the builder, which checks the whole draft at once).
import { useMemo } from 'react';
import { useBuilder } from '../context';
import { FieldInput } from './FieldInput';
import { listFormFields, readDraftValue } from './fields';

export function SettingsForm({ issues }: { issues: Map<string, string> }) {
  const fields = useMemo(listFormFields, []);
  const { draft, setField } = useBuilder((s) => ({ draft: s.draft, setField: s.setField }));
  const sections = [...new Set(fields.map((f) => f.section))];
  return (
    <div className="settings">
      {sections.map((section) => (
        <details key={section} open={section === 'model' || section === 'train'}>
          <summary>{section} settings</summary>
          <fieldset>
            <legend className="visually-hidden">{section}</legend>
            {fields
              .filter((f) => f.section === section)
              .map((f) => (
                <FieldInput
                  key={f.key}
                  field={f}
                  value={readDraftValue(draft, f.key)}
                  issue={issues.get(f.key)}
                  onChange={(v) => setField(f.key, v)}
                />
              ))}
          </fieldset>
        </details>
      ))}
    </div>
  );
}
