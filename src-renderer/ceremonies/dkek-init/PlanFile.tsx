// The DKEK plan file on the plan screen, as the YubiHSM plan screen's (init/plan/PlanFiles.tsx):
// the page names a plan, never a path; main opens the system's file chooser or (the browser
// host) keeps plans in one folder it names here. Loading fills the form with the plan's own
// fields (never a PIN or a password: those are typed twice below); saving never replaces a file
// without asking, and main replaces only a file that is a DKEK plan.

import { useEffect, useId, useState } from 'react';
import type { DkekPlanDraft } from '../../../shared/ipc/dkek-init-channels';
import { useDkekInitIntents } from './dkek-init-context';
import type { DkekPlanShelf } from './intents';

type FileStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'saved'; readonly file: string }
  | { readonly kind: 'loaded'; readonly file: string }
  | { readonly kind: 'exists'; readonly name: string; readonly file: string };

export function PlanFile(props: {
  draft: () => DkekPlanDraft;
  onLoaded: (plan: DkekPlanDraft) => void;
}) {
  const intents = useDkekInitIntents();
  const id = useId();
  const [name, setName] = useState('');
  const [shelf, setShelf] = useState<DkekPlanShelf | null>(null);
  const [status, setStatus] = useState<FileStatus>({ kind: 'none' });
  useEffect(() => {
    let live = true;
    void intents.listPlans().then((answer) => {
      if (live) setShelf(answer);
    });
    return () => {
      live = false;
    };
  }, [intents, status]);
  const inFolder = shelf?.where === 'plans-folder';
  const chosenName = name.trim() || (inFolder ? '' : 'dkek-plan');

  const load = async () => {
    if (inFolder && !chosenName) return;
    // A refusal (not a plan, too big, an unknown field) is shown at the top with main's sentence.
    const answer = await intents.loadPlan(inFolder ? chosenName : undefined);
    if (answer?.file && answer.plan) {
      props.onLoaded(answer.plan);
      setStatus({ kind: 'loaded', file: answer.file });
    } else setStatus({ kind: 'none' });
  };
  const save = async (replace: boolean) => {
    if (!chosenName) return;
    const saved = await intents.savePlan(chosenName, replace, props.draft());
    if (saved?.outcome === 'saved') setStatus({ kind: 'saved', file: saved.file });
    else if (saved?.outcome === 'exists')
      setStatus({ kind: 'exists', name: chosenName, file: saved.file });
    else setStatus({ kind: 'none' });
  };
  return (
    <fieldset className="plan-section" data-testid="dkek-plan-file">
      <legend>Plan file</legend>
      <div className="field">
        <label htmlFor={id}>
          {inFolder ? 'Plan name (letters, digits, spaces, dots, dashes)' : 'Plan name'}
        </label>
        {inFolder && shelf.folder && (
          <p className="field__hint" data-testid="dkek-plan-file-folder">
            Plans are kept in {shelf.folder}. Give a name, not a path.
          </p>
        )}
        {!inFolder && <p className="field__hint">Load and Save open the system’s file chooser.</p>}
        <div className="field__row">
          <input
            id={id}
            type="text"
            className="mono"
            data-testid="dkek-plan-file-name"
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
            data-testid="dkek-plan-load"
            onClick={() => void load()}
          >
            Load plan
          </button>
          <button
            type="button"
            className="button"
            data-testid="dkek-plan-save"
            onClick={() => void save(false)}
          >
            Save plan
          </button>
        </div>
      </div>
      {status.kind === 'exists' && (
        <div className="field__row" data-testid="dkek-plan-replace-question">
          <p className="field-problem field-problem--warning">
            A plan named {status.name} is already saved at {status.file}. Replace it with this plan?
          </p>
          <button
            type="button"
            className="button"
            data-testid="dkek-plan-replace"
            onClick={() => void save(true)}
          >
            Replace it
          </button>
          <button
            type="button"
            className="button"
            data-testid="dkek-plan-keep"
            onClick={() => setStatus({ kind: 'none' })}
          >
            Keep it
          </button>
        </div>
      )}
      <p
        className="field__chosen"
        data-testid="dkek-plan-file-status"
        data-status={status.kind}
        role="status"
      >
        {status.kind === 'saved' &&
          `Saved the plan to ${status.file}. It holds no PIN or password.`}
        {status.kind === 'loaded' &&
          `Loaded the plan from ${status.file}. PINs and passwords are never in a plan file: type each twice below.`}
      </p>
    </fieldset>
  );
}
