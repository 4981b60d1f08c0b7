import { useEffect, useId, useState } from 'react';
import { useIntents } from '../init-context';
import type { PlanShelf } from '../intents';

type FileStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'saved'; readonly file: string }
  | { readonly kind: 'loaded'; readonly file: string }
  | { readonly kind: 'exists'; readonly name: string; readonly file: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A plan file, so a ceremony can be written and reviewed before the day like a script. It
 * never holds a password. Loading replaces the plan on screen with the file's. The page names
 * a plan, never a path: main opens the system's file chooser, or (the browser host) keeps
 * plans in one folder it names here. A plan is never saved over another file without asking.
 */
export function PlanFiles({ onLoaded }: { onLoaded: () => void }) {
  const intents = useIntents();
  const id = useId();
  const [name, setName] = useState('');
  const [shelf, setShelf] = useState<PlanShelf | undefined>();
  const [status, setStatus] = useState<FileStatus>({ kind: 'none' });
  useEffect(() => {
    let live = true;
    void intents.listPlans().then((answer) => {
      if (live && answer.ok) setShelf(answer.data);
    });
    return () => {
      live = false;
    };
  }, [intents, status]);
  const inFolder = shelf?.where === 'plans-folder';
  const chosenName = name.trim() || (inFolder ? '' : 'plan');

  const load = async () => {
    if (inFolder && !chosenName) return;
    const file = await intents.loadPlan(inFolder ? chosenName : undefined);
    // A refusal is shown at the top of the step with main's sentence.
    if (file) {
      setStatus({ kind: 'loaded', file });
      onLoaded();
    } else setStatus({ kind: 'none' });
  };
  const save = async (replace: boolean) => {
    if (!chosenName) return;
    const saved = await intents.savePlan(chosenName, replace);
    if (!saved.ok) setStatus({ kind: 'failed', message: saved.message });
    else if (saved.data.outcome === 'saved') setStatus({ kind: 'saved', file: saved.data.file });
    else if (saved.data.outcome === 'exists')
      setStatus({ kind: 'exists', name: chosenName, file: saved.data.file });
    else setStatus({ kind: 'none' });
  };
  return (
    <fieldset className="plan-section" data-testid="plan-files">
      <legend>Plan file</legend>
      <div className="field">
        <label htmlFor={id}>
          {inFolder ? 'Plan name (letters, digits, spaces, dots, dashes)' : 'Plan name'}
        </label>
        {inFolder && shelf.folder && (
          <p className="field__hint" data-testid="plan-files-folder">
            Plans are kept in {shelf.folder}. Give a name, not a path.
          </p>
        )}
        {!inFolder && <p className="field__hint">Load and Save open the system’s file chooser.</p>}
        <div className="field__row">
          <input
            id={id}
            type="text"
            className="mono"
            data-testid="plan-file-name"
            list={inFolder ? `${id}-names` : undefined}
            value={name}
            maxLength={64}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          {inFolder && (
            <datalist id={`${id}-names`}>
              {shelf.names.map((known) => (
                <option key={known} value={known} />
              ))}
            </datalist>
          )}
          <button
            type="button"
            className="button"
            data-testid="plan-load"
            onClick={() => void load()}
          >
            Load plan
          </button>
          <button
            type="button"
            className="button"
            data-testid="plan-save"
            onClick={() => void save(false)}
          >
            Save plan
          </button>
        </div>
      </div>
      {status.kind === 'exists' && (
        <div className="field__row" data-testid="plan-replace-question">
          <p className="field-problem field-problem--warning">
            A plan named {status.name} is already saved at {status.file}. Replace it with this plan?
          </p>
          <button
            type="button"
            className="button"
            data-testid="plan-replace"
            onClick={() => void save(true)}
          >
            Replace it
          </button>
          <button
            type="button"
            className="button"
            data-testid="plan-keep"
            onClick={() => setStatus({ kind: 'none' })}
          >
            Keep it
          </button>
        </div>
      )}
      <p
        className={
          status.kind === 'failed' ? 'field-problem field-problem--error' : 'field__chosen'
        }
        data-testid="plan-file-status"
        data-status={status.kind}
        role="status"
      >
        {status.kind === 'saved' && `Saved the plan to ${status.file}. It holds no password.`}
        {status.kind === 'loaded' &&
          `Loaded the plan from ${status.file}. Passwords are never in a plan file: type them below.`}
        {status.kind === 'failed' && status.message}
      </p>
    </fieldset>
  );
}
