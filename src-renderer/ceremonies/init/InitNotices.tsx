import type { InitSnapshot } from '../../../shared/ceremony/init-session';
import { SentenceAlert } from '../../components/SentenceAlert';
import { asSentence } from './sentences';

/**
 * What the top of every step says before its content: what main is doing (busy), the last thing
 * that went wrong at this step (problem), and main's refusal of the last intent.
 */
export function InitNotices({
  snapshot,
  refusal,
  refused = 0,
}: {
  snapshot: InitSnapshot | null;
  refusal: string | null;
  /** How many intents main has refused: the same sentence again is said anew. */
  refused?: number;
}) {
  return (
    <div className="init-notices">
      {snapshot?.busy && (
        <p className="notice notice--busy" data-testid="init-busy" role="status">
          <span className="busy-mark" aria-hidden="true" />
          {asSentence(snapshot.busy.replace(/\.?$/, '…'))}
        </p>
      )}
      {snapshot?.problem && !saidInPlace(snapshot) && (
        <SentenceAlert
          testId="init-problem"
          id="init-problem"
          field={snapshot.problem.field}
          turn={snapshot.problem.message}
        >
          {asSentence(snapshot.problem.message)}
        </SentenceAlert>
      )}
      {refusal && (
        <SentenceAlert testId="init-refusal" turn={refused}>
          {asSentence(refusal)}
        </SentenceAlert>
      )}
    </div>
  );
}

/** The share check says a refused entry under its entries, where the focus is. */
function saidInPlace(snapshot: InitSnapshot): boolean {
  return (
    snapshot.steps.current === 'shares' && /^entries\.\d+$/.test(snapshot.problem?.field ?? '')
  );
}

/** The ceremony ended without completing: why, and what that means for the device and the shares. */
export function StoppedNotice({
  stopped,
  onClose,
}: {
  stopped: NonNullable<InitSnapshot['stopped']>;
  onClose: () => void;
}) {
  return (
    <div
      className="stopped"
      data-testid="init-stopped"
      data-status={stopped.status}
      data-device-touched={stopped.deviceTouched}
    >
      <h2>{stopped.status === 'failed' ? 'This ceremony failed' : 'This ceremony was stopped'}</h2>
      <p className="notice notice--problem">{asSentence(stopped.reason)}</p>
      <p>
        {stopped.deviceTouched
          ? 'The primary was written to before the ceremony stopped.'
          : 'Nothing was written to the primary.'}
      </p>
      <button
        type="button"
        className="button button--primary"
        data-testid="init-close"
        onClick={onClose}
      >
        Close and return home
      </button>
    </div>
  );
}
