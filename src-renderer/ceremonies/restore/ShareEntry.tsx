import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import type {
  RestoreSharesView,
  ShareEntry as ShareEntryValue,
} from '../../../shared/ceremony/restore-snapshot';
import { CameraScan } from '../../components/camera/CameraScan';
import { FocusHeading } from '../../components/FocusHeading';
import { LineEntryList } from '../../components/LineEntry';
import type { LeaveReason } from './intents';
import { useRestoreIntents, useRestoreSending } from './restore-context';
import type { EntryLayout, EntryMode } from './share-entry';
import { entryLayout, entryToSend } from './share-entry';
import { custodianLabel, idlePeriod } from './shares-words';
import { useTurnGuard } from '../../components/custodian-turn/use-turn-guard';

/**
 * A custodian's turn at the keyboard: the share typed line by line (each line checked against
 * its check character as it is typed), or pasted / scanned whole, by a handheld scanner or, where
 * a camera is listed, the laptop camera (its text takes the pasted share's path). The share lives
 * only in this form: it goes to main on submit and the form is emptied at once (a fresh form is
 * mounted), and it is emptied and the turn left on Esc, when the window loses the focus, or when
 * idle for as long as main says (the ceremony's own policy); the camera goes off with the form.
 */
export function ShareEntry({ view }: { view: RestoreSharesView }) {
  const intents = useRestoreIntents();
  const sending = useRestoreSending();
  return (
    <ShareEntryTurn
      view={view}
      sending={sending}
      onSubmit={(entry) => void intents.submitShare(entry)}
      onAbandon={(reason) => void intents.abandonTurn(reason)}
    />
  );
}

/** What the entry form reads of a shares view: the restore's, or the audit's and reshare's. */
export type EntryFormView = Pick<
  RestoreSharesView,
  'lineLengths' | 'format' | 'atKeyboard' | 'turn' | 'refusal' | 'idleSeconds'
>;

/**
 * The entry form with its turn guard, for any ceremony that takes shares back (the restore, the
 * share audit, the reshare's current shares): the ceremony gives its own intents.
 */
export function ShareEntryTurn({
  view,
  sending,
  onSubmit,
  onAbandon,
}: {
  readonly view: EntryFormView;
  readonly sending: boolean;
  readonly onSubmit: (entry: ShareEntryValue) => void;
  readonly onAbandon: (reason: LeaveReason) => void;
}) {
  // A new number mounts a new, empty form: nothing typed survives a submit.
  const [generation, setGeneration] = useState(0);
  const layout = entryLayout(view.lineLengths, view.format);
  const [mode, setMode] = useState<EntryMode>(layout.modes[0]!);
  // Whichever way the custodian leaves, the form empties at once, before main has answered.
  const leave = (reason: LeaveReason) => {
    setGeneration((value) => value + 1);
    onAbandon(reason);
  };
  useTurnGuard({ onLeave: leave, idleSeconds: view.idleSeconds });
  const submit = (entry: ShareEntryValue) => {
    setGeneration((value) => value + 1);
    onSubmit(entry);
  };
  return (
    <ShareEntryView
      key={generation}
      view={view}
      layout={layout}
      mode={mode}
      sending={sending}
      onMode={setMode}
      onSubmit={submit}
      onLeave={() => leave('user')}
    />
  );
}

interface ShareEntryViewProps {
  readonly view: EntryFormView;
  /** An intent is on its way: the buttons wait. */
  readonly sending?: boolean;
  readonly layout: EntryLayout;
  readonly mode: EntryMode;
  readonly onMode: (mode: EntryMode) => void;
  readonly onSubmit: (entry: ShareEntryValue) => void;
  readonly onLeave: () => void;
  /** Render tests only: what the lines hold, as if typed. */
  readonly typed?: readonly string[];
}

/** The form itself; what is typed is this component's state and nothing else's. */
export function ShareEntryView({
  view,
  layout,
  mode,
  onMode,
  onSubmit,
  onLeave,
  typed,
  sending = false,
}: ShareEntryViewProps) {
  const id = useId();
  const [values, setValues] = useState<string[]>(() =>
    layout.lines.map((_, index) => typed?.[index] ?? ''),
  );
  const [text, setText] = useState('');
  const [judgeAll, setJudgeAll] = useState(false);
  const [waiting, setWaiting] = useState<string | null>(null);
  const who = view.atKeyboard ? custodianLabel(view.atKeyboard) : `Turn ${view.turn}`;
  const send = (how: EntryMode, whole: string) => {
    const result = entryToSend(layout, how, values, whole);
    if (!result.ok) return setWaiting(result.reason);
    onSubmit(result.entry);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setJudgeAll(true);
    send(mode, text);
  };
  return (
    <form
      className="share-turn share-check restore-entry"
      data-testid="restore-entry"
      data-custodian={view.atKeyboard?.index}
      data-mode={mode}
      onSubmit={submit}
      autoComplete="off"
    >
      <FocusHeading testId="restore-entry-custodian">{who}: enter your share</FocusHeading>
      {view.refusal && (
        <p
          className="notice notice--problem"
          data-testid="restore-share-refusal"
          data-line={view.refusal.line}
          role="alert"
        >
          {view.refusal.message}
        </p>
      )}
      <p className="share-turn__instruction">
        Only {view.atKeyboard?.name ?? 'the custodian at the keyboard'} looks at the screen now.
        What you type stays in this form until you press “Check my share”; Esc, leaving the window
        or {idlePeriod(view.idleSeconds)} without typing clear it.
      </p>
      {layout.modes.length > 1 ? (
        <fieldset className="choice-row">
          <legend>How to enter it</legend>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'lines'}
              onChange={() => onMode('lines')}
              data-testid="restore-mode-lines"
            />{' '}
            Line by line from the sheet, each with its check character
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'text'}
              onChange={() => onMode('text')}
              data-testid="restore-mode-text"
            />{' '}
            Paste it, or scan the sheet’s QR code
          </label>
        </fieldset>
      ) : (
        <p className="field__hint" data-testid="restore-whole-only">
          The share’s length is not known before the first share is in, so it is entered whole: type
          or paste it, or scan its QR code.
        </p>
      )}
      {mode === 'lines' ? (
        <LineEntryList
          lines={layout.lines}
          values={values}
          hex={layout.hex}
          judgeAll={judgeAll}
          onChange={(index, value) => {
            setWaiting(null);
            setValues((previous) => previous.map((old, at) => (at === index ? value : old)));
          }}
        />
      ) : (
        <p className="field">
          <label htmlFor={`${id}-text`}>
            The share as one text (a handheld scanner types it here and presses Enter)
          </label>
          <input
            id={`${id}-text`}
            type="text"
            className="mono share-check__whole"
            data-testid="restore-share-text"
            value={text}
            onChange={(event) => {
              setWaiting(null);
              setText(event.target.value);
            }}
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
          />
        </p>
      )}
      {waiting && (
        <p
          className="field-problem field-problem--error"
          data-testid="restore-entry-waiting"
          role="status"
        >
          {waiting}
        </p>
      )}
      {/* The camera's text is a pasted share: the same checks, the same submit, and the form is
          remounted empty after it. The camera goes off with the form (leaving the turn, idle). */}
      <CameraScan
        label="Scan the QR code with the camera"
        testId="restore-camera"
        limitSeconds={view.idleSeconds}
        disabled={sending}
        onScanned={(scanned) => send('text', scanned)}
      />
      <div className="share-turn__actions">
        <button
          type="submit"
          className="button button--primary button--large"
          data-testid="restore-share-submit"
          disabled={sending}
        >
          Check my share
        </button>
        <button
          type="button"
          className="button button--quiet"
          data-testid="restore-entry-leave"
          onClick={onLeave}
        >
          Clear and step away
        </button>
      </div>
    </form>
  );
}
