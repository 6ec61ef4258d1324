// One settings field: a labelled input (text for numbers, so a half-typed "1e-" stays as typed), select or
// checkbox, with the schema's message under it when the value is invalid.
import { useEffect, useState } from 'react';
import { readFieldNote } from './field-notes';
import { formatFieldValue, parseFieldText, type FormField } from './fields';

interface Props {
  field: FormField;
  value: unknown;
  issue?: string;
  onChange(value: unknown): void;
}

export function FieldInput({ field, value, issue, onChange }: Props) {
  const id = `field-${field.key}`;
  const errorId = `${id}-error`;
  const note = readFieldNote(field.key);
  const [text, setText] = useState(formatFieldValue(value));
  // A preset or a duplicated run replaces the value from outside; typing that parses to it keeps the typed text.
  useEffect(() => {
    if (parseFieldText(field, text) !== value && !(value === undefined && text === ''))
      setText(formatFieldValue(value));
  }, [value]);
  const common = {
    id,
    'aria-invalid': issue ? true : undefined,
    'aria-describedby': issue ? errorId : `${id}-explain`,
    title: field.key,
  };
  let input;
  if (field.kind === 'boolean') {
    input = <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (field.kind === 'enum') {
    input = (
      <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {field.options?.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        type="text"
        inputMode={field.kind === 'number' ? 'decimal' : undefined}
        {...common}
        value={text}
        placeholder={field.nullable ? 'none' : field.optional ? 'default' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseFieldText(field, e.target.value));
        }}
      />
    );
  }
  return (
    <div className={`field field-${field.kind}${issue ? ' invalid' : ''}`}>
      <label htmlFor={id}>{note.label}</label>
      {input}
      {note.explain && !issue && (
        <span id={`${id}-explain`} className="field-explain">
          {note.explain}
        </span>
      )}
      {issue && (
        <span id={errorId} className="issue" role="alert">
          {issue}
        </span>
      )}
    </div>
  );
}
