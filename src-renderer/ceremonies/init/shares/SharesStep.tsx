import { FocusHeading } from '../../../components/FocusHeading';
import { useIntents, useSending, useSnapshot } from '../init-context';
import { ShareConfirm } from './ShareConfirm';
import { ShareReveal } from './ShareReveal';
import type { SharesView } from './views';
import { custodianTitle, HIDDEN_BECAUSE } from './views';

/**
 * The custodians' turns, one at a time: handover (nothing secret), reveal (the share, shown by
 * the custodian's own hand), confirm (the share hidden, re-typed as asked), cleared (a blank
 * screen before the next handover). Each phase is keyed by custodian and phase, so nothing of
 * one turn survives into the next.
 */
export function SharesStep({ view }: { view: SharesView }) {
  const key = `${view.custodian.index}-${view.phase}`;
  switch (view.phase) {
    case 'handover':
      return <Handover key={key} view={view} />;
    case 'reveal':
      return view.share ? (
        <ShareReveal key={key} view={view} share={view.share} />
      ) : (
        <ShareOffScreen key={key} view={view} />
      );
    case 'confirm':
      return <ShareConfirm key={key} view={view} />;
    case 'cleared':
      return <Cleared key={key} view={view} />;
  }
}

function Handover({ view }: { view: SharesView }) {
  const intents = useIntents();
  const sending = useSending();
  const { custodian } = view;
  return (
    <div
      className="share-turn share-turn--handover"
      data-testid="share-handover"
      data-custodian={custodian.index}
    >
      <p className="share-turn__kicker">
        Share {custodian.index} of {view.custodianCount} · any {view.threshold} shares restore the
        wrap key
      </p>
      <FocusHeading testId="share-custodian">
        {custodianTitle(custodian, view.custodianCount)}
      </FocusHeading>
      {view.hiddenBecause && (
        <p className="notice" data-testid="share-hidden-because" role="status">
          {HIDDEN_BECAUSE[view.hiddenBecause]} Show it again when you are ready.
        </p>
      )}
      <p className="share-turn__instruction">
        Everyone except {custodian.name} steps away from the screen now. {custodian.name}: when you
        are alone at the screen and ready to write your share down, show it.
      </p>
      <p>
        Wrap-key check value:{' '}
        <span className="mono kcv" data-testid="share-kcv">
          {view.kcv}
        </span>
      </p>
      <div className="share-turn__actions">
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="share-reveal"
          disabled={sending}
          onClick={() => void intents.revealShare()}
        >
          I am {custodian.name}: show my share
        </button>
      </div>
    </div>
  );
}

/** The reveal phase as an event reports it: events never carry a share, so none is drawn. */
function ShareOffScreen({ view }: { view: SharesView }) {
  const intents = useIntents();
  return (
    <div className="share-turn" data-testid="share-off-screen">
      <FocusHeading>{custodianTitle(view.custodian, view.custodianCount)}</FocusHeading>
      <p>The share is not on this screen. Hide it, then show it again to see it.</p>
      <button
        type="button"
        className="button"
        data-testid="share-hide"
        onClick={() => void intents.hideShare('user')}
      >
        Hide my share
      </button>
    </div>
  );
}

function Cleared({ view }: { view: SharesView }) {
  const intents = useIntents();
  const sending = useSending();
  const snapshot = useSnapshot();
  const { custodian } = view;
  const last = custodian.index === view.custodianCount;
  const skipped = snapshot?.steps.skipped ?? [];
  // A ceremony with no device steps (the reshare) ends here when it has no verification round.
  const nextLabel = last
    ? !skipped.includes('verification')
      ? 'All shares are recorded: start the verification round'
      : skipped.includes('device-steps')
        ? 'All shares are recorded: finish'
        : 'All shares are recorded: go on to the device steps'
    : 'Call the next custodian';
  return (
    <div
      className="share-turn share-turn--cleared"
      data-testid="share-cleared"
      data-custodian={custodian.index}
    >
      <FocusHeading>{custodian.name}’s turn is over</FocusHeading>
      <p className="share-turn__instruction">
        The share is off the screen and out of Custos’s memory. {custodian.name}: put your record
        away and step back.
      </p>
      <div className="share-turn__actions">
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="share-next"
          disabled={sending}
          onClick={() => void intents.nextCustodian()}
        >
          {nextLabel}
        </button>
      </div>
    </div>
  );
}
