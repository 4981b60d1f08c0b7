import type { SyntheticEvent } from 'react';
import type { RevealedShare } from '../../../../shared/ceremony/init-snapshot';
import { FocusHeading } from '../../../components/FocusHeading';
import { QrCode } from '../../../components/QrCode';
import { ShareLines } from '../../../components/ShareLines';
import { useHost } from '../../../stores/context';
import { useIntents, useSending } from '../init-context';
import { SheetActions } from './SheetActions';
import { useTurnGuard } from '../../../components/custodian-turn/use-turn-guard';
import { useSheetWindow } from './use-sheet';
import type { SharesView } from './views';
import { custodianTitle } from './views';

/** Copying, cutting, dragging and the context menu do nothing on a share: it is written by hand. */
function refuse(event: SyntheticEvent): void {
  event.preventDefault();
}

/**
 * One custodian's share, on screen only while this phase lasts. Nothing here keeps the share:
 * it is read from the props main's latest snapshot gave, and goes with the next snapshot.
 */
export function ShareReveal({ view, share }: { view: SharesView; share: RevealedShare }) {
  const intents = useIntents();
  const sending = useSending();
  const sheetWindow = useSheetWindow();
  const guard = useTurnGuard({
    idleSeconds: view.hideSeconds,
    onLeave: (reason) => void intents.hideShare(reason),
    onStillHere: () => intents.stillHere(),
    onExtend: () => intents.stillHere(true),
    companion: sheetWindow,
  });
  const { custodian } = view;
  return (
    <div
      className="share-turn share-turn--reveal"
      data-testid="share-reveal-view"
      data-custodian={custodian.index}
    >
      <p className="share-turn__kicker">
        Share {custodian.index} of {view.custodianCount} · any {view.threshold} shares restore the
        wrap key
      </p>
      <FocusHeading testId="share-custodian">
        {custodianTitle(custodian, view.custodianCount)}
      </FocusHeading>
      <UnprotectedWindowNote />
      <p className="share-turn__instruction">
        Write down every line with its check character (the last character, in its box; it is not
        part of the share), or keep the printed sheet. The share is the lines joined without spaces.
      </p>
      <div
        className="share-secret"
        data-testid="share-secret"
        onCopy={refuse}
        onCut={refuse}
        onContextMenu={refuse}
        onDragStart={refuse}
      >
        <ShareLines lines={share.lines} />
        <figure className="share-qr">
          <QrCode
            matrix={share.qr}
            label={`QR code of ${custodian.name}’s share`}
            testId="share-qr"
          />
          <figcaption>The QR code holds exactly the share text.</figcaption>
        </figure>
      </div>
      <p>
        Wrap-key check value:{' '}
        <span className="mono kcv" data-testid="share-kcv">
          {view.kcv}
        </span>
      </p>
      <SheetActions view={view} sheetWindow={sheetWindow} />
      <p className="share-turn__hint">
        The share hides after {view.hideSeconds} seconds without activity (a countdown shows first),
        when this window loses the focus, or when you press Esc.
      </p>
      {guard.secondsLeft !== null && (
        <ShareCountdown seconds={guard.secondsLeft} onStillHere={guard.stillHere} />
      )}
      <div className="share-turn__actions">
        <button
          type="button"
          className="button"
          data-testid="share-hide"
          disabled={sending}
          onClick={() => void intents.hideShare('user')}
        >
          Hide my share
        </button>
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="share-recorded"
          disabled={sending}
          onClick={() => void intents.shareRecorded()}
        >
          I have recorded it
        </button>
      </div>
    </div>
  );
}

/** The last seconds before the share hides, and the way to keep it up. */
function ShareCountdown({ seconds, onStillHere }: { seconds: number; onStillHere: () => void }) {
  return (
    <div
      className="share-countdown"
      data-testid="share-countdown"
      data-seconds={seconds}
      role="timer"
      aria-live="assertive"
    >
      <p>
        Your share hides in <strong>{seconds}</strong> {seconds === 1 ? 'second' : 'seconds'}.
      </p>
      <button
        type="button"
        className="button button--primary"
        data-testid="share-still-here"
        onClick={onStillHere}
      >
        I am still here
      </button>
    </div>
  );
}

/**
 * The browser host shows the share in an ordinary browser window, which the system's screenshot
 * and screen-sharing tools can capture; the desktop app's window is protected from them.
 */
function UnprotectedWindowNote() {
  const host = useHost();
  if (host.kind !== 'known' || host.info.host === 'electron') return null;
  return (
    <p className="notice notice--warning" data-testid="share-unprotected-window">
      This share is shown in an ordinary browser window, with no protection from screenshots or
      screen sharing (the desktop app has it). Make sure nothing is recording or sharing this
      screen.
    </p>
  );
}
