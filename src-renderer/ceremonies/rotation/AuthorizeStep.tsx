import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import type { RotationView } from '../../../shared/ceremony/rotation-snapshot';
import { FocusHeading } from '../../components/FocusHeading';
import { useTurnGuard } from '../../components/custodian-turn/use-turn-guard';
import type { LeaveReason } from './intents';
import { useRotationIntents, useRotationSending } from './rotation-context';

type AuthorizeView = Extract<RotationView, { step: 'authorize' }>;

/** How long an untouched entry stays open before it empties itself (restore's default). */
const ENTRY_IDLE_SECONDS = 60;

/**
 * M custodians prove their set, one at a time, as at a restore: handover (who steps up),
 * entry (the share pasted or scanned; main checks it and never echoes it), cleared (a blank
 * screen), and once enough are in, the rebuilt key's check value. Resuming a rotation, the set
 * asked for is the new one.
 */
export function AuthorizeStep({ view }: { view: AuthorizeView }) {
  const key = `${view.accepted.length}-${view.phase}`;
  switch (view.phase) {
    case 'handover':
      return <Handover key={key} view={view} />;
    case 'entry':
      return <Entry key={key} view={view} />;
    case 'cleared':
      return <Cleared key={key} view={view} />;
    case 'recombined':
      return (
        <div className="share-turn" data-testid="rotate-recombined">
          <FocusHeading testId="rotate-recombined-title">
            {view.set === 'new'
              ? 'The new shares rebuilt the new wrap key'
              : 'The current shares rebuilt the recorded wrap key'}
          </FocusHeading>
          <p>
            Check value <span className="mono kcv">{view.kcv}</span>, from shares{' '}
            {view.accepted.join(', ')}.{' '}
            {view.set === 'new'
              ? 'The devices still holding the old key are finished next.'
              : 'Next, a new wrap key is made from the primary’s random bytes and this computer’s, and split for the same custodians.'}
          </p>
        </div>
      );
  }
}

function Handover({ view }: { view: AuthorizeView }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  return (
    <div className="share-turn share-turn--handover" data-testid="rotate-handover">
      <p className="share-turn__kicker" data-testid="rotate-progress">
        {view.accepted.length} of {view.threshold} {view.set === 'new' ? 'new' : 'current'} shares
        are in.
      </p>
      <FocusHeading testId="rotate-handover-title">The next custodian steps up</FocusHeading>
      {view.leftBecause && (
        <p className="notice" role="status" data-testid="rotate-left-because">
          The share entry was cleared ({view.leftBecause}). Nothing typed was sent or kept.
        </p>
      )}
      {view.setProblems.length > 0 && (
        <div className="notice notice--problem" data-testid="rotate-set-problems" role="alert">
          <p>The shares entered do not rebuild the wrap key:</p>
          <ul>
            {view.setProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="share-turn__instruction">
        Everyone except the custodian at the keyboard steps away from the screen.
      </p>
      <ul className="custodian-turns" aria-label="Custodians">
        {view.waiting.map((custodian) => (
          <li key={custodian.index} className="custodian-turn">
            <button
              type="button"
              className="button button--primary"
              data-testid="rotate-begin-turn"
              data-custodian={custodian.index}
              disabled={sending}
              onClick={() => void intents.beginTurn(custodian.index)}
            >
              I am {custodian.name}: enter share {custodian.index}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The share pasted or scanned whole; the form empties on submit, Esc, blur or idle. */
function Entry({ view }: { view: AuthorizeView }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  const id = useId();
  const [generation, setGeneration] = useState(0);
  const [text, setText] = useState('');
  const leave = (reason: LeaveReason) => {
    setText('');
    setGeneration((value) => value + 1);
    void intents.abandonTurn(reason);
  };
  useTurnGuard({ onLeave: leave, idleSeconds: ENTRY_IDLE_SECONDS });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const share = text;
    setText('');
    setGeneration((value) => value + 1);
    if (share.trim() !== '') void intents.submitShare({ text: share });
  };
  const who = view.atKeyboard;
  return (
    <form className="share-turn" data-testid="rotate-entry" onSubmit={submit} key={generation}>
      <FocusHeading testId="rotate-entry-title">
        {who ? `${who.name}: enter share ${who.index}` : 'Enter your share'}
      </FocusHeading>
      {view.refusal && (
        <p className="notice notice--problem" role="alert" data-testid="rotate-share-refused">
          {view.refusal.message}
        </p>
      )}
      <label htmlFor={`${id}-share`}>Your share (paste it, or scan your sheet’s QR code)</label>
      <textarea
        id={`${id}-share`}
        className="mono"
        data-testid="rotate-share-text"
        value={text}
        rows={3}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="share-turn__actions">
        <button type="button" className="button" onClick={() => leave('user')}>
          Clear and leave
        </button>
        <button
          type="submit"
          className="button button--primary"
          data-testid="rotate-share-submit"
          disabled={sending || text.trim() === ''}
        >
          Check my share
        </button>
      </div>
    </form>
  );
}

function Cleared({ view }: { view: AuthorizeView }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  const enough = view.accepted.length >= view.threshold;
  return (
    <div className="share-turn share-turn--cleared" data-testid="rotate-cleared">
      <FocusHeading testId="rotate-cleared-title">
        Share {view.accepted.at(-1)} is accepted
      </FocusHeading>
      <p className="share-turn__instruction">
        The form is empty and nothing of the share is on this screen. Put your record away and step
        back.
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        data-testid="rotate-next"
        disabled={sending}
        onClick={() => void intents.nextCustodian()}
      >
        {enough ? 'Enough shares are in: rebuild the wrap key' : 'Call the next custodian'}
      </button>
    </div>
  );
}
