import type { FormEvent, SyntheticEvent } from 'react';
import { useId, useState } from 'react';
import type { RotationView } from '../../../shared/ceremony/rotation-snapshot';
import { FocusHeading } from '../../components/FocusHeading';
import { ShareLines } from '../../components/ShareLines';
import { useTurnGuard } from '../../components/custodian-turn/use-turn-guard';
import { useRotationIntents, useRotationSending } from './rotation-context';

type NewSharesView = Extract<RotationView, { step: 'new-shares' }>;
type Turn = NewSharesView['turn'];

/** Copying, cutting, dragging and the context menu do nothing on a share: it is written by hand. */
function refuse(event: SyntheticEvent): void {
  event.preventDefault();
}

/**
 * The new shares, one custodian at a time, as on day one: handover (nothing secret), reveal
 * (the new share, by the custodian's own hand, hidden on Esc, blur or idle), confirm (groups
 * re-typed with the share hidden), cleared. Keyed by custodian and phase: nothing of one turn
 * survives into the next.
 */
export function NewSharesStep({ view }: { view: NewSharesView }) {
  const turn = view.turn;
  const key = `${turn.custodian.index}-${turn.phase}`;
  switch (turn.phase) {
    case 'handover':
      return <Handover key={key} turn={turn} />;
    case 'reveal':
      return <Reveal key={key} turn={turn} />;
    case 'confirm':
      return <Confirm key={key} turn={turn} />;
    case 'cleared':
      return <Cleared key={key} turn={turn} />;
  }
}

function Kicker({ turn }: { turn: Turn }) {
  return (
    <p className="share-turn__kicker">
      New share {turn.custodian.index} of {turn.custodianCount} · any {turn.threshold} rebuild the
      new wrap key · check value <span className="mono kcv">{turn.kcv}</span>
    </p>
  );
}

function Handover({ turn }: { turn: Turn }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  return (
    <div className="share-turn share-turn--handover" data-testid="rotate-new-handover">
      <Kicker turn={turn} />
      <FocusHeading testId="rotate-new-custodian">{turn.custodian.name}’s new share</FocusHeading>
      {turn.hiddenBecause && (
        <p className="notice" role="status">
          The share was hidden ({turn.hiddenBecause}). Show it again when you are ready.
        </p>
      )}
      <p className="share-turn__instruction">
        Everyone except {turn.custodian.name} steps away. Your old share will stop working once
        every device holds the new key: keep it until the rotation is complete, then destroy it.
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        data-testid="rotate-reveal"
        disabled={sending}
        onClick={() => void intents.revealShare()}
      >
        I am {turn.custodian.name}: show my new share
      </button>
    </div>
  );
}

function Reveal({ turn }: { turn: Turn }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  useTurnGuard({
    idleSeconds: turn.hideSeconds,
    onLeave: (reason) => void intents.hideShare(reason),
    onStillHere: () => void intents.stillHere(),
  });
  if (!turn.share)
    return (
      <div className="share-turn" data-testid="rotate-share-off-screen">
        <p>The share is not on this screen. Hide it, then show it again to see it.</p>
        <button type="button" className="button" onClick={() => void intents.hideShare('user')}>
          Hide my share
        </button>
      </div>
    );
  return (
    <div className="share-turn share-turn--reveal" data-testid="rotate-new-reveal">
      <Kicker turn={turn} />
      <FocusHeading testId="rotate-new-custodian">{turn.custodian.name}’s new share</FocusHeading>
      <p className="share-turn__instruction">
        Write down every line with its check character (the last character, in its box).
      </p>
      <div
        className="share-secret"
        data-testid="rotate-share-secret"
        onCopy={refuse}
        onCut={refuse}
        onContextMenu={refuse}
        onDragStart={refuse}
      >
        <ShareLines lines={turn.share.lines} />
      </div>
      <div className="share-turn__actions">
        <button type="button" className="button" onClick={() => void intents.hideShare('user')}>
          Hide my share
        </button>
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="rotate-recorded"
          disabled={sending}
          onClick={() => void intents.shareRecorded()}
        >
          I have written it down
        </button>
      </div>
    </div>
  );
}

function Confirm({ turn }: { turn: Turn }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  const id = useId();
  const asked = turn.confirmation;
  const fields =
    asked?.mode === 'spot-check'
      ? asked.groups.map(({ line, group }) => `Line ${line}, group ${group}`)
      : (asked?.lineLengths ?? []).map(
          (_length, index) => `Line ${index + 1}, with its check character`,
        );
  const [values, setValues] = useState<string[]>(() => fields.map(() => ''));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entries = values;
    setValues(fields.map(() => ''));
    void intents.confirmShare(entries);
  };
  return (
    <form className="share-check" data-testid="rotate-confirm" onSubmit={submit}>
      <FocusHeading testId="rotate-confirm-title">
        {turn.custodian.name}: prove your record
      </FocusHeading>
      <p className="share-turn__instruction">
        With the share hidden, type what is asked from what you wrote down.
      </p>
      <ol className="share-check__groups">
        {fields.map((label, index) => (
          <li key={label} className="share-check__group">
            <label htmlFor={`${id}-${index}`}>{label}</label>
            <input
              id={`${id}-${index}`}
              className="share-check__input mono"
              data-testid="rotate-confirm-entry"
              value={values[index]}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) =>
                setValues((previous) =>
                  previous.map((value, at) => (at === index ? event.target.value : value)),
                )
              }
            />
          </li>
        ))}
      </ol>
      <div className="share-turn__actions">
        <button type="button" className="button" onClick={() => void intents.revealShare()}>
          Show my share again
        </button>
        <button
          type="submit"
          className="button button--primary button--large"
          data-testid="rotate-confirm-submit"
          disabled={sending || values.some((value) => value.trim() === '')}
        >
          Check
        </button>
      </div>
    </form>
  );
}

function Cleared({ turn }: { turn: Turn }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  const last = turn.custodian.index === turn.custodianCount;
  return (
    <div className="share-turn share-turn--cleared" data-testid="rotate-new-cleared">
      <FocusHeading>{turn.custodian.name}’s turn is over</FocusHeading>
      <p className="share-turn__instruction">
        The new share is off the screen and out of Custos’s memory. Put your record away and step
        back.
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        data-testid="rotate-new-next"
        disabled={sending}
        onClick={() => void intents.nextCustodian()}
      >
        {last ? 'Every new share is recorded: go on to the devices' : 'Call the next custodian'}
      </button>
    </div>
  );
}
