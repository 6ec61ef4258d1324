// Every model / optimizer / training / data setting of the draft, grouped by section, each validated inline by the
// config schema (issues come from the builder, which checks the whole draft at once).
import { useMemo } from 'react';
import { useBuilder } from '../context';
import { readFieldNote } from './field-notes';
import { FieldInput } from './FieldInput';
import { listFormFields, readDraftValue } from './fields';

const SECTION_TITLES: Record<string, string> = {
  model: 'Model size',
  optimizer: 'Optimizer',
  train: 'Training',
  data: 'Data',
};

/** `optimizers`: those the plan runs; settings of the others are hidden (they would do nothing). */
export function SettingsForm({ issues, optimizers }: { issues: Map<string, string>; optimizers: Set<string> }) {
  const fields = useMemo(listFormFields, []);
  const { draft, setField } = useBuilder((s) => ({ draft: s.draft, setField: s.setField }));
  const sections = [...new Set(fields.map((f) => f.section))];
  return (
    <div className="settings">
      {sections.map((section) => (
        <details key={section} open={section === 'model' || section === 'train'}>
          <summary>{SECTION_TITLES[section] ?? section} settings</summary>
          <fieldset>
            <legend className="visually-hidden">{section}</legend>
            {fields
              .filter((f) => f.section === section)
              .filter((f) => {
                const only = readFieldNote(f.key).optimizer;
                return !only || optimizers.has(only);
              })
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
