import type { ReactNode } from 'react';
import { asSentence } from './sentences';
import { SentenceAlert } from './SentenceAlert';
import type { CeremonyConnection } from '../stores/ceremony-store';

export interface NoticesProps {
  readonly connection: CeremonyConnection;
  /** What main is doing right now. */
  readonly busy?: string | undefined;
  /** The last thing that went wrong at this step, from the snapshot. */
  readonly problem?: { readonly field?: string | undefined; readonly message: string } | undefined;
  /** Main's sentence for the last intent it refused. */
  readonly refusal: string | null;
  /** How many intents main has refused: the same sentence again is said anew. */
  readonly refused?: number;
  /** What the screen itself did last (an entry form cleared, and why). */
  readonly note?: string | null;
}

/**
 * What the top of every step says before its content: what main is doing (busy), the last
 * thing that went wrong (problem), main's refusal of the last intent, and the screen's own note.
 */
export function CeremonyNotices({
  connection,
  busy,
  problem,
  refusal,
  refused = 0,
  note,
}: NoticesProps) {
  return (
    <div className="init-notices">
      {connection.kind === 'failed' && (
        <Alert testId="ceremony-refusal">{connection.message}</Alert>
      )}
      {busy && (
        <p className="notice notice--busy" data-testid="ceremony-busy" role="status">
          <span className="busy-mark" aria-hidden="true" />
          {asSentence(busy.replace(/\.?$/, '…'))}
        </p>
      )}
      {problem && (
        <SentenceAlert
          testId="ceremony-problem"
          id="ceremony-problem"
          field={problem.field}
          turn={problem.message}
        >
          {asSentence(problem.message)}
        </SentenceAlert>
      )}
      {refusal && (
        <SentenceAlert testId="ceremony-refusal" turn={refused}>
          {asSentence(refusal)}
        </SentenceAlert>
      )}
      {note && (
        <p className="notice" data-testid="ceremony-notice" role="status">
          {note}
        </p>
      )}
    </div>
  );
}

function Alert({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <p className="notice notice--problem" data-testid={testId} role="alert">
      {children}
    </p>
  );
}

/** The ceremony ended without completing: why, what that means for the device, and (children) what it left behind. */
export function StoppedNotice({
  title,
  reason,
  device,
  status,
  deviceTouched,
  onClose,
  children,
}: {
  title: string;
  reason: string;
  device: string;
  /** For the end-to-end specs: how it stopped, and whether the device was written. */
  status?: 'abandoned' | 'failed';
  deviceTouched?: boolean;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <div
      className="stopped"
      data-testid="ceremony-stopped"
      data-status={status}
      data-device-touched={deviceTouched}
    >
      <h2>{title}</h2>
      <p className="notice notice--problem">{asSentence(reason)}</p>
      <p>{device}</p>
      {children}
      <button
        type="button"
        className="button button--primary"
        data-testid="ceremony-close"
        onClick={onClose}
      >
        Close and return home
      </button>
    </div>
  );
}
