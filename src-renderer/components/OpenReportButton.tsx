import { useState } from 'react';
import type { ReportOpened } from '../../shared/ceremony/verify-snapshot';

/** The window name a report opens in, so a second click reuses it. */
const REPORT_WINDOW_NAME = 'custos-verification-report';

/**
 * One button for the witness's printable report of a verification (YubiHSM 2 or DKEK): main
 * opens the file it wrote (the page names the verification, never a path), in the system viewer
 * or as a one-time page this window opens. `open` answers null when main refused (its sentence
 * is in the ceremony's notices). Test ids: `<testId>` on the button, `<testId>-note` after.
 */
export function OpenReportButton({
  open,
  disabled,
  testId,
}: {
  open: () => Promise<ReportOpened | null>;
  disabled: boolean;
  testId: string;
}) {
  const [note, setNote] = useState<string | null>(null);
  const show = async () => {
    setNote(null);
    const opened = await open();
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
    <div className="choice-row" data-testid={`${testId}-row`}>
      <button
        type="button"
        className="button"
        data-testid={testId}
        disabled={disabled}
        onClick={() => void show()}
      >
        Open the printable report
      </button>
      {note && (
        <p role="status" data-testid={`${testId}-note`}>
          {note}
        </p>
      )}
    </div>
  );
}
