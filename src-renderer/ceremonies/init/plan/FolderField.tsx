import { useId, useState } from 'react';
import { useIntents } from '../init-context';
import type { PlanEditor } from './editor';
import { problemsId } from './editor';
import { FieldProblems, problemAttributes } from './FieldProblems';

/**
 * The ceremony folder, as a full path. Main checks it (it must be empty or new, and writable)
 * when the person leaves the field or presses Enter, and says at the field what is wrong.
 */
export function FolderField({
  editor,
  chosen,
}: {
  editor: PlanEditor;
  chosen: string | undefined;
}) {
  const intents = useIntents();
  const id = useId();
  const [text, setText] = useState(chosen ?? '');
  const spot = { field: 'folder' };
  const send = () => {
    const folder = text.trim();
    if (!folder || folder === chosen) return;
    // What main says about the folder appears under the field, which may be below the fold:
    // bring it into view once it is on the page (the focus stays where the person put it).
    void intents.setFolder(folder).then((after) => {
      const view = after?.view;
      if (view?.step !== 'plan' || !view.errors.some((error) => error.field === 'folder')) return;
      requestAnimationFrame(() =>
        document.getElementById(problemsId('folder'))?.scrollIntoView({ block: 'nearest' }),
      );
    });
  };
  return (
    <div className="field">
      <label htmlFor={id}>Ceremony folder</label>
      <p className="field__hint">
        A new or empty folder, as a full path. It gets the record, the transcript and the .yhw
        backups; never a share or a password.
      </p>
      <div className="field__row">
        <input
          id={id}
          type="text"
          className="mono"
          data-testid="plan-folder"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onBlur={send}
          onKeyDown={(event) => {
            if (event.key === 'Enter') send();
          }}
          autoComplete="off"
          spellCheck={false}
          {...problemAttributes(editor, spot)}
        />
        <button type="button" className="button" data-testid="plan-folder-set" onClick={send}>
          Use this folder
        </button>
      </div>
      {chosen && (
        <p className="field__chosen" data-testid="plan-folder-chosen">
          Chosen: <span className="mono">{chosen}</span>
        </p>
      )}
      <FieldProblems editor={editor} spot={spot} />
    </div>
  );
}
