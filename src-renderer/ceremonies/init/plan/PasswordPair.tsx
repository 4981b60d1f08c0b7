import type { FormEvent } from 'react';
import { useId, useRef } from 'react';
import type { PasswordKey } from '../intents';
import { useIntents } from '../init-context';
import type { PlanEditor } from './editor';
import { FieldProblems, problemAttributes } from './FieldProblems';

const WHAT: Readonly<Record<PasswordKey, string>> = {
  application: 'application key',
  audit: 'audit key',
};

/**
 * A password typed twice. The fields are not React state: the text lives only in the two
 * inputs, goes to main once, and the inputs are emptied right after, whatever main answers.
 * Main never sends a password back; it only says whether one is set.
 */
export function PasswordPair({
  editor,
  which,
  isSet,
}: {
  editor: PlanEditor;
  which: PasswordKey;
  isSet: boolean;
}) {
  const intents = useIntents();
  const id = useId();
  const password = useRef<HTMLInputElement>(null);
  const confirmation = useRef<HTMLInputElement>(null);
  const spot = { field: `passwords.${which}` };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const first = password.current;
    const second = confirmation.current;
    if (!first || !second) return;
    const typed = [first.value, second.value] as const;
    first.value = '';
    second.value = '';
    // Refused (a mismatch, too short): both fields were emptied, so start again at the first.
    void intents.setPassword(which, typed[0], typed[1]).then((after) => {
      const set = after?.view.step === 'plan' && after.view.passwords[which];
      if (!set) first.focus();
    });
  };
  return (
    <form className="password-pair" onSubmit={submit} data-testid={`plan-${which}-password-form`}>
      <p
        className="password-pair__state"
        data-testid={`plan-${which}-password-state`}
        data-set={isSet}
      >
        {isSet
          ? `✓ The ${WHAT[which]} password is set. Type a new one twice to replace it.`
          : `Type the ${WHAT[which]} password twice (at least 8 characters).`}
      </p>
      <div className="password-pair__fields">
        <div className="field">
          <label htmlFor={`${id}-1`}>{isSet ? 'New password' : 'Password'}</label>
          <input
            id={`${id}-1`}
            ref={password}
            type="password"
            autoComplete="new-password"
            data-testid={`plan-${which}-password`}
            {...problemAttributes(editor, spot)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-2`}>The same password again</label>
          <input
            id={`${id}-2`}
            ref={confirmation}
            type="password"
            autoComplete="new-password"
            data-testid={`plan-${which}-password-confirm`}
            {...problemAttributes(editor, spot)}
          />
        </div>
        <button type="submit" className="button" data-testid={`plan-${which}-password-set`}>
          Set the {WHAT[which]} password
        </button>
      </div>
      {!isSet && <FieldProblems editor={editor} spot={spot} />}
    </form>
  );
}
