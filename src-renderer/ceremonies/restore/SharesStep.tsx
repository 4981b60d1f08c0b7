import type { RestoreSharesView } from '../../../shared/ceremony/restore-snapshot';
import { FocusHeading } from '../../components/FocusHeading';
import { useRestoreIntents, useRestoreSending } from './restore-context';
import { RecombinedView } from './RecombinedView';
import { ShareEntry } from './ShareEntry';
import { custodianLabel, enoughShares, progressSentence } from './shares-words';

/**
 * The custodians' turns, one at a time, as at the ceremony: handover (who steps up, nothing
 * secret), entry (the custodian types, pastes or scans), cleared (a blank screen after an
 * accepted share), and once enough are in, the rebuilt wrap key. Each phase is keyed by turn
 * and phase, so nothing of one turn survives into the next.
 */
export function SharesStep({ view }: { view: RestoreSharesView }) {
  const key = `${view.turn}-${view.phase}`;
  switch (view.phase) {
    case 'handover':
      return <Handover key={key} view={view} />;
    case 'entry':
      return <ShareEntry key={`${key}-${view.atKeyboard?.index ?? ''}`} view={view} />;
    case 'cleared':
      return <Cleared key={key} view={view} />;
    case 'recombined':
      return <RecombinedView key={key} view={view} />;
  }
}

function Handover({ view }: { view: RestoreSharesView }) {
  const intents = useRestoreIntents();
  const sending = useRestoreSending();
  const waiting = view.custodians.filter((custodian) => !custodian.entered);
  return (
    <div
      className="share-turn share-turn--handover"
      data-testid="restore-handover"
      data-turn={view.turn}
    >
      <p className="share-turn__kicker" data-testid="restore-progress">
        {progressSentence(view)}
      </p>
      <FocusHeading testId="restore-handover-title">
        Turn {view.turn}: the next custodian steps up
      </FocusHeading>
      {view.setProblems.length > 0 && (
        <div className="notice notice--problem" data-testid="restore-set-problems" role="alert">
          <p>The shares entered do not rebuild the wrap key:</p>
          <ul>
            {view.setProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="share-turn__instruction">
        Everyone except the custodian at the keyboard steps away from the screen. The custodian
        brings their share sheet (or their own record of the share) and says who they are.
      </p>
      {view.custodians.length > 0 ? (
        <ul className="custodian-turns" aria-label="Custodians">
          {view.custodians.map((custodian) => (
            <li
              key={custodian.index}
              className="custodian-turn"
              data-testid="restore-custodian"
              data-custodian={custodian.index}
              data-entered={custodian.entered}
            >
              {custodian.entered ? (
                <span className="custodian-turn__done">
                  ✓ {custodianLabel(custodian)}: share accepted
                </span>
              ) : (
                <button
                  type="button"
                  className="button button--primary"
                  data-testid="restore-begin-turn"
                  data-custodian={custodian.index}
                  disabled={sending}
                  onClick={() => void intents.beginTurn(custodian.index)}
                >
                  I am {custodian.name}: enter share {custodian.index}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="restore-begin-turn"
          disabled={sending}
          onClick={() => void intents.beginTurn()}
        >
          I am at the keyboard: enter a share
        </button>
      )}
      {waiting.length === 0 && view.custodians.length > 0 && (
        <p className="notice">Every custodian’s share is in.</p>
      )}
    </div>
  );
}

function Cleared({ view }: { view: RestoreSharesView }) {
  const intents = useRestoreIntents();
  const sending = useRestoreSending();
  const last = view.accepted[view.accepted.length - 1];
  const name = view.atKeyboard?.name ?? last?.name ?? 'Custodian';
  const enough = enoughShares(view);
  return (
    <div
      className="share-turn share-turn--cleared"
      data-testid="restore-cleared"
      data-share={last?.shareNumber}
    >
      <p className="share-turn__kicker" data-testid="restore-progress">
        {progressSentence(view)}
      </p>
      <FocusHeading testId="restore-cleared-title">{acceptedTitle(last)}</FocusHeading>
      <p className="share-turn__instruction">
        The form is empty and nothing of the share is on this screen. {name}: put your record away
        and step back.
      </p>
      <div className="share-turn__actions">
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="restore-next"
          disabled={sending}
          onClick={() => void intents.nextCustodian()}
        >
          {enough ? 'Enough shares are in: rebuild the wrap key' : 'Call the next custodian'}
        </button>
      </div>
    </div>
  );
}

/** "Alice Andersen’s share (share 1) is accepted", or "Share 2 is accepted" in interop mode. */
export function acceptedTitle(last: RestoreSharesView['accepted'][number] | undefined): string {
  if (!last) return 'The share is accepted';
  return last.name
    ? `${last.name}’s share (share ${last.shareNumber}) is accepted`
    : `Share ${last.shareNumber} is accepted`;
}
