import type { EntrySharesView, ShareEntry } from '../../../shared/ceremony/audit-snapshot';
import { FocusHeading } from '../../components/FocusHeading';
import type { LeaveReason } from '../restore/intents';
import { ShareEntryTurn } from '../restore/ShareEntry';
import { acceptedTitle } from '../restore/SharesStep';
import { custodianLabel, enoughShares, progressSentence } from '../restore/shares-words';

/** What a ceremony that takes shares back (the audit, the reshare's current shares) lets its custodians do. */
export interface EntryTurnActions {
  readonly sending: boolean;
  beginTurn(custodian: number): unknown;
  submitShare(entry: ShareEntry): unknown;
  abandonTurn(reason: LeaveReason): unknown;
  nextCustodian(): unknown;
}

/**
 * Custodians entering their shares one at a time, as at a restore: handover (who steps up,
 * nothing secret), entry (the restore's form with its turn guard), cleared (a blank screen).
 * Each phase is keyed by turn and phase, so nothing of one turn survives into the next.
 * `prefix` names the test ids ("audit", "reshare-old").
 */
export function EntryTurns({
  view,
  actions,
  prefix,
  enoughLabel,
}: {
  readonly view: EntrySharesView;
  readonly actions: EntryTurnActions;
  readonly prefix: string;
  readonly enoughLabel: string;
}) {
  const key = `${view.turn}-${view.phase}`;
  if (view.phase === 'entry')
    return (
      <ShareEntryTurn
        key={`${key}-${view.atKeyboard?.index ?? ''}`}
        view={view}
        sending={actions.sending}
        onSubmit={(entry) => void actions.submitShare(entry)}
        onAbandon={(reason) => void actions.abandonTurn(reason)}
      />
    );
  if (view.phase === 'cleared') {
    const last = view.accepted[view.accepted.length - 1];
    return (
      <div
        key={key}
        className="share-turn share-turn--cleared"
        data-testid={`${prefix}-cleared`}
        data-share={last?.shareNumber}
      >
        <p className="share-turn__kicker">{progressSentence(view)}</p>
        <FocusHeading testId={`${prefix}-cleared-title`}>{acceptedTitle(last)}</FocusHeading>
        <p className="share-turn__instruction">
          The form is empty and nothing of the share is on this screen.{' '}
          {view.atKeyboard?.name ?? 'Custodian'}: put your record away and step back.
        </p>
        <Warnings view={view} prefix={prefix} />
        <div className="share-turn__actions">
          <button
            type="button"
            className="button button--primary button--large"
            data-testid={`${prefix}-next`}
            disabled={actions.sending}
            onClick={() => void actions.nextCustodian()}
          >
            {enoughShares(view) ? enoughLabel : 'Call the next custodian'}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div
      key={key}
      className="share-turn share-turn--handover"
      data-testid={`${prefix}-handover`}
      data-turn={view.turn}
    >
      <p className="share-turn__kicker" data-testid={`${prefix}-progress`}>
        {progressSentence(view)}
      </p>
      <FocusHeading testId={`${prefix}-handover-title`}>
        Turn {view.turn}: the next custodian steps up
      </FocusHeading>
      {view.setProblems.length > 0 && (
        <div className="notice notice--problem" data-testid={`${prefix}-set-problems`} role="alert">
          <ul>
            {view.setProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <Warnings view={view} prefix={prefix} />
      <p className="share-turn__instruction">
        Everyone except the custodian at the keyboard steps away from the screen. The custodian
        brings their share sheet (or their own record of the share) and says who they are.
      </p>
      <ul className="custodian-turns" aria-label="Custodians">
        {view.custodians.map((custodian) => (
          <li
            key={custodian.index}
            className="custodian-turn"
            data-testid={`${prefix}-custodian`}
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
                data-testid={`${prefix}-begin-turn`}
                data-custodian={custodian.index}
                disabled={actions.sending}
                onClick={() => void actions.beginTurn(custodian.index)}
              >
                I am {custodian.name}: enter share {custodian.index}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Warnings({ view, prefix }: { readonly view: EntrySharesView; readonly prefix: string }) {
  if (view.warnings.length === 0) return null;
  return (
    <div className="notice" data-testid={`${prefix}-warnings`}>
      {view.warnings.map((warning) => (
        <p key={warning}>{warning}</p>
      ))}
    </div>
  );
}
