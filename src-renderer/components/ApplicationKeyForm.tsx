import type { FormEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { hexObjectId, readObjectId } from './object-id';

interface ApplicationKeyFormProps {
  /** The application key id the record names, as the default. */
  readonly suggestedId: number | undefined;
  /** A sentence above the fields: what the key opens and why it is asked for. */
  readonly lead: string;
  readonly submitLabel: string;
  /** Main already holds a password from an earlier submit. */
  readonly given: boolean;
  readonly disabled: boolean;
  /** Test ids: `<testId>-id`, `<testId>-password`, `<testId>-submit`, `<testId>-state`. */
  readonly testId: string;
  readonly onSubmit: (authKeyId: number | undefined, password: string) => void;
}

/**
 * The application key's id and password. The password is not React state: it lives only in the
 * masked input, goes to main once, and the input is emptied right after, whatever main answers.
 * Main never sends it back; it only says whether one was given.
 */
export function ApplicationKeyForm({
  suggestedId,
  lead,
  submitLabel,
  given,
  disabled,
  testId,
  onSubmit,
}: ApplicationKeyFormProps) {
  const id = useId();
  const password = useRef<HTMLInputElement>(null);
  const [keyId, setKeyId] = useState(suggestedId === undefined ? '' : hexObjectId(suggestedId));
  const [problem, setProblem] = useState<string | null>(null);
  // Once main has the password, the line saying so takes the focus: the button pressed was
  // disabled while main worked, which dropped the focus to the page.
  const state = useRef<HTMLParagraphElement>(null);
  const wasGiven = useRef(given);
  useEffect(() => {
    if (given && !wasGiven.current) state.current?.focus();
    wasGiven.current = given;
  }, [given]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = password.current;
    if (!input) return;
    const typed = input.value;
    input.value = '';
    const read = readObjectId(keyId);
    if (!read.ok) return setProblem(read.message);
    if (typed === '') return setProblem('Type the application key’s password.');
    setProblem(null);
    onSubmit(read.id, typed);
  };
  return (
    <form className="key-form" onSubmit={submit} data-testid={`${testId}-form`}>
      <p className="key-form__lead">{lead}</p>
      <p
        className="key-form__state"
        data-testid={`${testId}-state`}
        data-given={given}
        ref={state}
        tabIndex={-1}
        role="status"
      >
        {given ? '✓ The password was given. Type it again to change it.' : 'No password given yet.'}
      </p>
      <div className="key-form__fields">
        <div className="field">
          <label htmlFor={`${id}-id`}>Application key id</label>
          <input
            id={`${id}-id`}
            type="text"
            className="mono key-form__id"
            data-testid={`${testId}-id`}
            value={keyId}
            onChange={(event) => setKeyId(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            ref={password}
            type="password"
            autoComplete="off"
            data-testid={`${testId}-password`}
            aria-invalid={problem !== null}
          />
        </div>
        <button
          type="submit"
          className="button button--primary"
          data-testid={`${testId}-submit`}
          disabled={disabled}
        >
          {submitLabel}
        </button>
      </div>
      {problem && (
        <p
          className="field-problem field-problem--error"
          role="alert"
          data-testid={`${testId}-problem`}
        >
          {problem}
        </p>
      )}
    </form>
  );
}
