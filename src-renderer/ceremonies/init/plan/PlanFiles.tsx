import { useId, useState } from 'react';
import { useIntents } from '../init-context';

type FileStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'saved'; readonly path: string }
  | { readonly kind: 'loaded'; readonly path: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A plan file, so a ceremony can be written and reviewed before the day like a script. It
 * never holds a password. Loading replaces the plan on screen with the file's.
 */
export function PlanFiles({ onLoaded }: { onLoaded: () => void }) {
  const intents = useIntents();
  const id = useId();
  const [path, setPath] = useState('');
  const [status, setStatus] = useState<FileStatus>({ kind: 'none' });
  const load = async () => {
    if (!path.trim()) return;
    const loaded = await intents.loadPlan(path.trim());
    // A refusal is shown at the top of the step with main's sentence.
    if (loaded) {
      setStatus({ kind: 'loaded', path: path.trim() });
      onLoaded();
    } else setStatus({ kind: 'none' });
  };
  const save = async () => {
    if (!path.trim()) return;
    const saved = await intents.savePlan(path.trim());
    setStatus(
      saved.ok
        ? { kind: 'saved', path: saved.data.path }
        : { kind: 'failed', message: saved.message },
    );
  };
  return (
    <fieldset className="plan-section" data-testid="plan-files">
      <legend>Plan file</legend>
      <div className="field">
        <label htmlFor={id}>Plan file (the full path of a JSON file)</label>
        <div className="field__row">
          <input
            id={id}
            type="text"
            className="mono"
            data-testid="plan-file-path"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
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
            onClick={() => void save()}
          >
            Save plan
          </button>
        </div>
      </div>
      <p
        className={
          status.kind === 'failed' ? 'field-problem field-problem--error' : 'field__chosen'
        }
        data-testid="plan-file-status"
        data-status={status.kind}
        role="status"
      >
        {status.kind === 'saved' && `Saved the plan to ${status.path}. It holds no password.`}
        {status.kind === 'loaded' &&
          `Loaded the plan from ${status.path}. Passwords are never in a plan file: type them below.`}
        {status.kind === 'failed' && status.message}
      </p>
    </fieldset>
  );
}
