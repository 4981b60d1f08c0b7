import type { ReactNode } from 'react';
import { useId, useState } from 'react';
import { readBoolean, readNumber, readString } from './draft';
import type { PlanEditor } from './editor';
import type { FieldSpot } from './field-problems';
import { FieldProblems, problemAttributes } from './FieldProblems';

interface FieldProps {
  readonly editor: PlanEditor;
  readonly path: string;
  readonly label: string;
  readonly testId: string;
  readonly hint?: ReactNode;
  /** Where main's problems for this field are reported, when not at `path` itself. */
  readonly spot?: FieldSpot;
}

export function TextField({
  editor,
  path,
  label,
  testId,
  hint,
  spot,
  optional,
}: FieldProps & { optional?: boolean }) {
  const id = useId();
  const at = spot ?? { field: path };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="field__hint">{hint}</p>}
      <input
        id={id}
        type="text"
        data-testid={testId}
        value={readString(editor.draft, path)}
        // An optional field left empty is left out of the plan, not sent as "".
        onChange={(event) =>
          editor.edit(path, optional && event.target.value === '' ? undefined : event.target.value)
        }
        autoComplete="off"
        spellCheck={false}
        {...problemAttributes(editor, at)}
      />
      <FieldProblems editor={editor} spot={at} />
    </div>
  );
}

interface NumberFieldProps extends FieldProps {
  /** Reads the typed text; undefined means it is not a number this field takes. */
  readonly parse: (text: string) => number | undefined;
  /** Said when the text cannot be read. */
  readonly unreadable: string;
  readonly show?: (value: number) => string;
}

/**
 * A number typed as text: what cannot be read stays on screen with a sentence and is not sent;
 * what can be read goes to main, which judges whether it fits the plan.
 */
export function NumberField({
  editor,
  path,
  label,
  testId,
  hint,
  spot,
  parse,
  unreadable,
  show = String,
}: NumberFieldProps) {
  const id = useId();
  const at = spot ?? { field: path };
  const initial = readNumber(editor.draft, path);
  const [text, setText] = useState(initial === undefined ? '' : show(initial));
  const readable = parse(text) !== undefined;
  const main = problemAttributes(editor, at);
  return (
    <div className="field field--number">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="field__hint">{hint}</p>}
      <input
        id={id}
        type="text"
        inputMode="numeric"
        className="mono"
        data-testid={testId}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const value = parse(event.target.value);
          if (value !== undefined) editor.edit(path, value);
        }}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={!readable || main['aria-invalid']}
        aria-describedby={readable ? main['aria-describedby'] : `${id}-unreadable`}
      />
      {readable ? (
        <FieldProblems editor={editor} spot={at} />
      ) : (
        <p
          className="field-problem field-problem--error"
          id={`${id}-unreadable`}
          data-testid="field-problem"
          data-field={path}
          data-kind="unreadable"
        >
          {unreadable}
        </p>
      )}
    </div>
  );
}

interface CheckboxFieldProps extends FieldProps {
  /** For a box that stands for something other than a yes/no value at `path`. */
  readonly checked?: boolean;
  readonly onChange?: (checked: boolean) => void;
}

export function CheckboxField({
  editor,
  path,
  label,
  testId,
  hint,
  spot,
  checked,
  onChange,
}: CheckboxFieldProps) {
  const id = useId();
  const at = spot ?? { field: path };
  return (
    <div className="field field--checkbox">
      <input
        id={id}
        type="checkbox"
        data-testid={testId}
        checked={checked ?? readBoolean(editor.draft, path)}
        onChange={(event) =>
          onChange ? onChange(event.target.checked) : editor.edit(path, event.target.checked)
        }
        {...problemAttributes(editor, at)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && <p className="field__hint">{hint}</p>}
      <FieldProblems editor={editor} spot={at} />
    </div>
  );
}

interface ChoiceFieldProps<V extends string> extends FieldProps {
  readonly choices: readonly { value: V; label: string; hint?: string }[];
}

/** One of a few values, as radio buttons in a fieldset (arrow keys move between them). */
export function ChoiceField<V extends string>({
  editor,
  path,
  label,
  testId,
  hint,
  spot,
  choices,
}: ChoiceFieldProps<V>) {
  const name = useId();
  const at = spot ?? { field: path };
  const current = readString(editor.draft, path);
  return (
    <fieldset className="field field--choice" {...problemAttributes(editor, at)}>
      <legend>{label}</legend>
      {hint && <p className="field__hint">{hint}</p>}
      {choices.map((choice) => (
        <label key={choice.value} className="choice">
          <input
            type="radio"
            name={name}
            value={choice.value}
            data-testid={`${testId}-${choice.value}`}
            checked={current === choice.value}
            onChange={() => editor.edit(path, choice.value)}
          />
          <span>
            {choice.label}
            {choice.hint && <span className="choice__hint">{choice.hint}</span>}
          </span>
        </label>
      ))}
      <FieldProblems editor={editor} spot={at} />
    </fieldset>
  );
}
