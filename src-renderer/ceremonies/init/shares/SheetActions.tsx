import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { SheetPaper } from '../../../../shared/ceremony/init-snapshot';
import { useSending } from '../init-context';
import type { SharesView } from './views';
import type { SheetWindow } from './sheet-window';
import { useSheetIntents } from './use-sheet';

type Sheet = NonNullable<SharesView['sheet']>;

const PAPER_NAMES: Readonly<Record<SheetPaper, string>> = { a4: 'A4', letter: 'US Letter' };

/** US Letter where it is the usual paper; A4 everywhere else. The custodian can change it. */
export function usualPaper(language: string | undefined): SheetPaper {
  return /-(US|CA|MX|PH|CL|CO|VE|GT|PR)$/i.test(language ?? '') ? 'letter' : 'a4';
}

export const BLOCKED_WINDOW =
  'Your browser did not open the sheet’s window. Allow pop-up windows for this Custos address, then print again.';

/**
 * Printing the custodian's own sheet, on their reveal step only. Main decides how the sheet is
 * shown (a preview window beside this one, or a page in a new window); this says what to do
 * next with whichever it is, and never holds the sheet itself.
 */
export function SheetActions({
  view,
  sheetWindow,
}: {
  view: SharesView;
  sheetWindow: SheetWindow;
}) {
  const sheet = view.sheet;
  const intents = useSheetIntents();
  const sending = useSending();
  const id = useId();
  const [paper, setPaper] = useState<SheetPaper>(
    () =>
      sheet?.paper ?? usualPaper(typeof navigator === 'undefined' ? undefined : navigator.language),
  );
  const [blocked, setBlocked] = useState(false);
  const open = sheet?.open ?? false;

  // Main closed the sheet (or never had it open): so does this window.
  useEffect(() => {
    if (!open) sheetWindow.close();
  }, [open, sheetWindow]);

  if (!sheet?.available) return null;

  const openSheet = async () => {
    setBlocked(false);
    const opened = await intents.openSheet(paper);
    if (opened?.kind === 'page' && !sheetWindow.openPage(opened.url)) {
      setBlocked(true);
      void intents.closeSheet();
    }
  };
  const close = () => {
    sheetWindow.close();
    void intents.closeSheet();
  };
  const busy = sending || sheet.printing;

  return (
    <section
      className="share-check"
      data-testid="sheet-actions"
      data-open={open}
      data-view={sheet.view}
      data-printed={sheet.printed}
      aria-label="Share sheet"
    >
      {!open && (
        <>
          <fieldset className="choice-row">
            <legend>Print your share sheet</legend>
            {(['a4', 'letter'] as const).map((choice) => (
              <label key={choice}>
                <input
                  type="radio"
                  name={`${id}-paper`}
                  checked={paper === choice}
                  onChange={() => setPaper(choice)}
                  data-testid={`sheet-paper-${choice}`}
                />{' '}
                {PAPER_NAMES[choice]}
              </label>
            ))}
          </fieldset>
          <p className="share-turn__hint">
            The sheet carries your share, its QR code and your name; no other custodian’s.
          </p>
          <button
            type="button"
            className="button"
            data-testid="sheet-open"
            disabled={busy}
            onClick={() => void openSheet()}
          >
            Show my sheet to print ({PAPER_NAMES[paper]})
          </button>
        </>
      )}
      {open && sheet.view === 'preview-window' && (
        <PreviewActions sheet={sheet} busy={busy} sheetWindow={sheetWindow} onClose={close} />
      )}
      {open && sheet.view === 'page' && (
        <>
          <p className="share-turn__instruction" data-testid="sheet-page-note">
            Your sheet opened in a new window. Press Ctrl+P there (⌘P on a Mac) to print it; the
            window closes when printing ends.
          </p>
          <button type="button" className="button" data-testid="sheet-close" onClick={close}>
            Close the sheet window
          </button>
        </>
      )}
      {blocked && (
        <p className="notice notice--warning" role="alert" data-testid="sheet-blocked">
          {BLOCKED_WINDOW}
        </p>
      )}
      <SheetStatus sheet={sheet} sheetWindow={sheetWindow} />
    </section>
  );
}

function PreviewActions({
  sheet,
  busy,
  sheetWindow,
  onClose,
}: {
  sheet: Sheet;
  busy: boolean;
  sheetWindow: SheetWindow;
  onClose: () => void;
}) {
  const intents = useSheetIntents();
  return (
    <>
      <p className="share-turn__instruction" data-testid="sheet-preview-note">
        The preview beside this window shows your sheet exactly as it will print (
        {PAPER_NAMES[sheet.paper ?? 'a4']}).
      </p>
      {sheet.printing && (
        <p className="notice notice--busy" role="status" data-testid="sheet-printing">
          The print or save dialog is open.
        </p>
      )}
      <div className="share-turn__actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="sheet-print"
          disabled={busy}
          onClick={() => void sheetWindow.withDialog(() => intents.printSheet())}
        >
          Print…
        </button>
        <button
          type="button"
          className="button"
          data-testid="sheet-save-pdf"
          disabled={busy}
          onClick={() => void sheetWindow.withDialog(() => intents.saveSheetPdf())}
        >
          Save as PDF…
        </button>
        <button
          type="button"
          className="button button--quiet"
          data-testid="sheet-close"
          disabled={sheet.printing}
          onClick={onClose}
        >
          Close the preview
        </button>
      </div>
      <p className="share-turn__hint">
        A PDF on disk is a copy of your share: anyone who can read that file can use it. Printing
        directly is safer.
      </p>
    </>
  );
}

/**
 * What became of the sheet. A preview window's print or save is known to main; a browser page is
 * only known to have been handed over, so its window says whether a print dialog came up.
 */
function SheetStatus({ sheet, sheetWindow }: { sheet: Sheet; sheetWindow: SheetWindow }) {
  const outcome = useSyncExternalStore(
    (listener) => sheetWindow.onOutcome(listener),
    () => sheetWindow.outcome,
    () => undefined,
  );
  if (sheet.open && sheet.view === 'page') return null;
  if (outcome === 'closed-without-printing')
    return (
      <p className="notice notice--warning" role="status" data-testid="sheet-not-printed">
        The sheet window was closed without printing, so no sheet was printed. Show your sheet again
        to print it.
      </p>
    );
  if (!sheet.printed) return null;
  return (
    <>
      <p className="notice notice--good" role="status" data-testid="sheet-printed">
        {outcome === 'print-dialog'
          ? 'Your sheet went to the print dialog. '
          : 'Your sheet went out for printing. '}
        After “I have recorded it”, you can scan its QR code to check what the printer made of it.
      </p>
      {sheet.pdfPath && (
        <p className="notice notice--warning" data-testid="sheet-pdf-path">
          A PDF of your sheet was saved to <span className="mono">{sheet.pdfPath}</span>. It is a
          copy of your share: print it, then delete it.
        </p>
      )}
    </>
  );
}
