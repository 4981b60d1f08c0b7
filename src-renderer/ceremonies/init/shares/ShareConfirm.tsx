import type { FormEvent, RefObject } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { LineEntryList, lineStates } from '../../../components/LineEntry';
import { isHexShare, lineSpecs } from '../../../components/line-entry';
import { FocusHeading } from '../../../components/FocusHeading';
import { SentenceAlert } from '../../../components/SentenceAlert';
import { asSentence } from '../../../components/sentences';
import { useIntents, useSending, useSnapshot } from '../init-context';
import type { SharesView } from './views';
import { custodianTitle } from './views';
import { ScanBack } from './ScanBack';

/** Which entry main refused last ("entries.1" -> 1), so that box is marked. */
export function refusedEntry(field: string | undefined): number | undefined {
  const match = /^entries\.(\d+)$/.exec(field ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Main's sentence about one entry, said under the entries (where the focus is), not at the top. */
interface EntryRefusal {
  readonly index: number;
  readonly message: string;
}

/**
 * The share is hidden; the custodian proves it was recorded by typing back what main asks for:
 * two groups (spot check) or every line with its check character (full), or by scanning a sheet
 * printed this turn (the only way when the plan asks no check). What is typed stays in this
 * form's state and goes only to main; the form is gone when the turn moves on.
 */
export function ShareConfirm({ view }: { view: SharesView }) {
  const intents = useIntents();
  const sending = useSending();
  const problem = useSnapshot()?.problem;
  const index = refusedEntry(problem?.field);
  const refused = index === undefined || !problem ? undefined : { index, message: problem.message };
  const confirmation = view.confirmation;
  const { custodian } = view;
  return (
    <div
      className="share-turn share-turn--confirm"
      data-testid="share-confirm"
      data-custodian={custodian.index}
      data-mode={confirmation?.mode}
    >
      <FocusHeading testId="share-custodian">
        {custodianTitle(custodian, view.custodianCount)}: check your record
      </FocusHeading>
      <ScanBack view={view} />
      {!confirmation && !view.scanBack?.available && (
        <SheetAwaited printing={view.sheet?.printing === true} />
      )}
      {confirmation?.mode === 'spot-check' && (
        <SpotCheck
          groups={confirmation.groups}
          refused={refused}
          sending={sending}
          onSubmit={(entries) => void intents.confirmShare(entries)}
        />
      )}
      {confirmation?.mode === 'full' && (
        <FullCheck
          lengths={confirmation.lineLengths}
          hex={isHexShare(confirmation.lineLengths, view.threshold, custodian.index)}
          refused={refused}
          sending={sending}
          onSubmit={(entries) => void intents.confirmShare(entries)}
        />
      )}
      <div className="share-turn__actions share-turn__actions--secondary">
        <button
          type="button"
          className="button button--quiet"
          data-testid="share-show-again"
          disabled={sending}
          onClick={() => void intents.revealShare()}
        >
          Show my share again to compare
        </button>
      </div>
    </div>
  );
}

/**
 * The plan asks no typed check, and the sheet that stopped the turn here is not out: still in its
 * print dialog, or that dialog ended without printing.
 */
function SheetAwaited({ printing }: { printing: boolean }) {
  return (
    <p className="notice" data-testid="share-sheet-awaited" role="status">
      {printing
        ? 'Your sheet is still printing. When it is out, scan its QR code here to check it before you leave.'
        : 'Your sheet was not printed. Show your share again to print it, or to finish your turn without a sheet.'}
    </p>
  );
}

interface SpotCheckProps {
  readonly groups: readonly { line: number; group: number }[];
  readonly refused: EntryRefusal | undefined;
  readonly sending: boolean;
  readonly onSubmit: (entries: string[]) => void;
}

/** The refused entry's sentence, under the entries; the refused box takes the focus. */
function EntryProblem({ refused }: { refused: EntryRefusal | undefined }) {
  if (!refused) return null;
  return (
    <SentenceAlert
      testId="share-confirm-problem"
      id="share-confirm-problem"
      field={`entries.${refused.index}`}
      turn={refused.message}
    >
      {asSentence(refused.message)}
    </SentenceAlert>
  );
}

/** Puts the cursor in the box main refused, its text selected, each time it says so. */
function useFocusRefused(
  form: RefObject<HTMLFormElement | null>,
  selector: string,
  refused: EntryRefusal | undefined,
) {
  const message = refused?.message;
  const index = refused?.index;
  useEffect(() => {
    if (index === undefined) return;
    const box = form.current?.querySelectorAll<HTMLInputElement>(selector)[index];
    box?.focus();
    box?.select();
  }, [form, selector, index, message]);
}

function SpotCheck({ groups, refused, sending, onSubmit }: SpotCheckProps) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  useFocusRefused(form, '[data-testid="share-confirm-entry"]', refused);
  const [values, setValues] = useState<string[]>(() => groups.map(() => ''));
  const complete = values.every((value) => value.trim().length > 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (complete) onSubmit(values);
  };
  return (
    <form className="share-check" onSubmit={submit} data-testid="share-confirm-form" ref={form}>
      <p className="share-turn__instruction">
        With the share hidden, type these groups from your record (four characters each), exactly as
        written: capital and small letters differ.
      </p>
      <ol className="share-check__groups">
        {groups.map(({ line, group }, index) => (
          <li key={`${line}-${group}`} className="share-check__group">
            <label htmlFor={`${id}-${index}`}>
              Line {line}, group {group}
            </label>
            <input
              id={`${id}-${index}`}
              className="share-check__input mono"
              data-testid="share-confirm-entry"
              data-line={line}
              data-group={group}
              value={values[index]}
              maxLength={8}
              onChange={(event) =>
                setValues((previous) =>
                  previous.map((value, at) => (at === index ? event.target.value : value)),
                )
              }
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              spellCheck={false}
              aria-invalid={refused?.index === index}
              aria-describedby={refused?.index === index ? 'share-confirm-problem' : undefined}
            />
          </li>
        ))}
      </ol>
      <EntryProblem refused={refused} />
      <button
        type="submit"
        className="button button--primary button--large"
        data-testid="share-confirm-submit"
        disabled={sending || !complete}
      >
        Check these groups
      </button>
    </form>
  );
}

interface FullCheckProps {
  readonly lengths: readonly number[];
  readonly hex: boolean;
  readonly refused: EntryRefusal | undefined;
  readonly sending: boolean;
  readonly onSubmit: (entries: string[]) => void;
}

function FullCheck({ lengths, hex, refused, sending, onSubmit }: FullCheckProps) {
  const lines = lineSpecs(lengths);
  const form = useRef<HTMLFormElement>(null);
  useFocusRefused(form, '[data-testid="line-entry-input"]', refused);
  const [values, setValues] = useState<string[]>(() => lines.map(() => ''));
  const [judgeAll, setJudgeAll] = useState(false);
  const allRight = lineStates(lines, values, hex, () => true).every((state) => state.kind === 'ok');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setJudgeAll(true);
    if (allRight) onSubmit(values);
  };
  return (
    <form className="share-check" onSubmit={submit} data-testid="share-confirm-form" ref={form}>
      <p className="share-turn__instruction">
        With the share hidden, type every line from your record, each with its check character.
      </p>
      <LineEntryList
        lines={lines}
        values={values}
        hex={hex}
        judgeAll={judgeAll}
        refusedLine={refused?.index}
        onChange={(index, value) =>
          setValues((previous) => previous.map((old, at) => (at === index ? value : old)))
        }
      />
      <EntryProblem refused={refused} />
      <button
        type="submit"
        className="button button--primary button--large"
        data-testid="share-confirm-submit"
        disabled={sending}
      >
        Check my share
      </button>
    </form>
  );
}
