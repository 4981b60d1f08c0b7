import type { FormEvent } from 'react';
import { useId, useState } from 'react';

interface FolderChoiceProps {
  readonly label: string;
  /** One sentence: which folder, and what Custos does with it. */
  readonly hint: string;
  /** The folder main has accepted, once it has. */
  readonly chosen: string | undefined;
  readonly disabled: boolean;
  /** Test ids: `<testId>` on the field, `<testId>-set` on the button, `<testId>-chosen` on the line below. */
  readonly testId: string;
  readonly onChoose: (folder: string) => void;
}

/** A folder typed as a full path and sent with Enter or the button; main opens it and says what is wrong. */
export function FolderChoice({
  label,
  hint,
  chosen,
  disabled,
  testId,
  onChoose,
}: FolderChoiceProps) {
  const id = useId();
  const [text, setText] = useState(chosen ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const folder = text.trim();
    if (folder) onChoose(folder);
  };
  return (
    <form className="field folder-choice" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      <div className="field__row">
        <input
          id={id}
          type="text"
          className="mono"
          data-testid={testId}
          value={text}
          onChange={(event) => setText(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hint`}
        />
        <button
          type="submit"
          className="button"
          data-testid={`${testId}-set`}
          disabled={disabled || text.trim() === ''}
        >
          Use this folder
        </button>
      </div>
      {chosen && (
        <p className="field__chosen" data-testid={`${testId}-chosen`}>
          Chosen: <span className="mono">{chosen}</span>
        </p>
      )}
    </form>
  );
}
