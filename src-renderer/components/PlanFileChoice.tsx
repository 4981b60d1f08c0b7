// The plan file part of a plan screen (the YubiHSM initialization's and the DKEK
// initialization's): a ceremony written and reviewed before the day like a script, never holding
// a password or a PIN. The page names a plan, never a path: main opens the system's file chooser,
// or (the browser host) keeps plans in one folder it names here. Loading replaces the plan on
// screen with the file's; a plan is never saved over another file without asking, and main
// replaces only a file that is a plan of the same kind.

import { useEffect, useId, useState } from 'react';

/** Where plans are kept: the browser host's plans folder and its names, or the system chooser. */
export interface PlanShelfView {
  readonly where: 'plans-folder' | 'chooser';
  readonly folder?: string;
  readonly names: readonly string[];
}

/** What saving answered: saved, or a plan of that name exists (ask before replacing). */
export type PlanSaveAnswer =
  | { readonly outcome: 'saved' | 'exists'; readonly file: string }
  | { readonly outcome: 'failed'; readonly message: string }
  | { readonly outcome: 'none' };

/** One ceremony's plan-file channels, as its intents offer them. */
export interface PlanFileActions {
  list(): Promise<PlanShelfView | null>;
  /** The file loaded, or null (a refusal is shown at the top of the step with main's sentence). */
  load(name: string | undefined): Promise<string | null>;
  save(name: string, replace: boolean): Promise<PlanSaveAnswer>;
}

type FileStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'saved'; readonly file: string }
  | { readonly kind: 'loaded'; readonly file: string }
  | { readonly kind: 'exists'; readonly name: string; readonly file: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface PlanFileChoiceProps {
  readonly actions: PlanFileActions;
  /** The name offered when the system chooser is used and none was typed. */
  readonly defaultName: string;
  /** Prefix of every test id ('' for the YubiHSM plan, 'dkek-' for the DKEK plan). */
  readonly testIds: string;
  /** What the status line adds after "Saved the plan to …" and "Loaded the plan from …". */
  readonly words: { readonly saved: string; readonly loaded: string };
  /** After a plan was loaded (the DKEK screen fills its form in `load` itself). */
  readonly onLoaded?: () => void;
}

export function PlanFileChoice(props: PlanFileChoiceProps) {
  const { actions } = props;
  const id = useId();
  const [name, setName] = useState('');
  const [shelf, setShelf] = useState<PlanShelfView | null>(null);
  const [status, setStatus] = useState<FileStatus>({ kind: 'none' });
  useEffect(() => {
    let live = true;
    void actions.list().then((answer) => {
      if (live) setShelf(answer);
    });
    return () => {
      live = false;
    };
  }, [actions, status]);
  const inFolder = shelf?.where === 'plans-folder';
  const chosenName = name.trim() || (inFolder ? '' : props.defaultName);

  const load = async () => {
    if (inFolder && !chosenName) return;
    const file = await actions.load(inFolder ? chosenName : undefined);
    if (file) {
      setStatus({ kind: 'loaded', file });
      props.onLoaded?.();
    } else setStatus({ kind: 'none' });
  };
  const save = async (replace: boolean) => {
    if (!chosenName) return;
    const saved = await actions.save(chosenName, replace);
    if (saved.outcome === 'failed') setStatus({ kind: 'failed', message: saved.message });
    else if (saved.outcome === 'saved') setStatus({ kind: 'saved', file: saved.file });
    else if (saved.outcome === 'exists')
      setStatus({ kind: 'exists', name: chosenName, file: saved.file });
    else setStatus({ kind: 'none' });
  };
  return (
    <fieldset className="plan-section" data-testid={`${props.testIds}plan-files`}>
      <legend>Plan file</legend>
      <div className="field">
        <label htmlFor={id}>
          {inFolder ? 'Plan name (letters, digits, spaces, dots, dashes)' : 'Plan name'}
        </label>
        {inFolder && shelf.folder && (
          <p className="field__hint" data-testid={`${props.testIds}plan-files-folder`}>
            Plans are kept in {shelf.folder}. Give a name, not a path.
          </p>
        )}
        {!inFolder && <p className="field__hint">Load and Save open the system’s file chooser.</p>}
        <div className="field__row">
          <input
            id={id}
            type="text"
            className="mono"
            data-testid={`${props.testIds}plan-file-name`}
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
            data-testid={`${props.testIds}plan-load`}
            onClick={() => void load()}
          >
            Load plan
          </button>
          <button
            type="button"
            className="button"
            data-testid={`${props.testIds}plan-save`}
            onClick={() => void save(false)}
          >
            Save plan
          </button>
        </div>
      </div>
      {status.kind === 'exists' && (
        <div className="field__row" data-testid={`${props.testIds}plan-replace-question`}>
          <p className="field-problem field-problem--warning">
            A plan named {status.name} is already saved at {status.file}. Replace it with this plan?
          </p>
          <button
            type="button"
            className="button"
            data-testid={`${props.testIds}plan-replace`}
            onClick={() => void save(true)}
          >
            Replace it
          </button>
          <button
            type="button"
            className="button"
            data-testid={`${props.testIds}plan-keep`}
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
        data-testid={`${props.testIds}plan-file-status`}
        data-status={status.kind}
        role="status"
      >
        {status.kind === 'saved' && `Saved the plan to ${status.file}. ${props.words.saved}`}
        {status.kind === 'loaded' && `Loaded the plan from ${status.file}. ${props.words.loaded}`}
        {status.kind === 'failed' && status.message}
      </p>
    </fieldset>
  );
}
