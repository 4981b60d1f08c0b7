import { useState } from 'react';
import { useVerifyIntents, useVerifySending } from './verify-context';

/** The window name the report opens in, so a second click reuses it. */
const REPORT_WINDOW_NAME = 'custos-verification-report';

/**
 * One button for the witness's printable report: main opens the file it wrote for this
 * verification (the page names the verification, never a path), in the system viewer or as a
 * one-time page this window opens.
 */
export function OpenReport({ ceremonyId }: { ceremonyId: string }) {
  const intents = useVerifyIntents();
  const sending = useVerifySending();
  const [note, setNote] = useState<string | null>(null);
  const open = async () => {
    setNote(null);
    const opened = await intents.openReport(ceremonyId);
    if (!opened) return;
    if (opened.kind === 'viewer') {
      setNote('The report is open in your system’s viewer: print it from there.');
      return;
    }
    const popup = window.open(opened.url, REPORT_WINDOW_NAME, 'popup,width=900,height=1000');
    setNote(
      popup
        ? 'The report is open in a new window: press Ctrl+P (⌘P on a Mac) there to print it.'
        : 'The browser blocked the report’s window. Allow pop-ups for Custos, then open the report again.',
    );
  };
  return (
    <div className="choice-row" data-testid="verify-open-report-row">
      <button
        type="button"
        className="button"
        data-testid="verify-open-report"
        disabled={sending}
        onClick={() => void open()}
      >
        Open the printable report
      </button>
      {note && (
        <p role="status" data-testid="verify-open-report-note">
          {note}
        </p>
      )}
    </div>
  );
}
