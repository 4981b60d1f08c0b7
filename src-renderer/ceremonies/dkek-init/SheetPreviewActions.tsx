// The custodian's sheet in the Electron host's preview window: print it through the system dialog
// or save it as a PDF where the person chooses (main's save dialog; the page never names a path),
// as the YubiHSM turns do (init/shares/SheetActions.tsx). Shown only while that preview is open;
// the browser host's page has its own print dialog. Never holds the sheet itself.

import type { DkekSharesView } from '../../../shared/ceremony/dkek-init-snapshot';
import type { SheetWindow } from '../init/shares/sheet-window';
import { useDkekInitIntents, useDkekInitSending } from './dkek-init-context';

export type DkekSheetFacts = Pick<
  DkekSharesView,
  'sheets' | 'sheetOpen' | 'sheetView' | 'sheetPrinting' | 'sheetPrinted' | 'sheetPdfPath'
>;

export function SheetPreviewActions(props: { sheet: DkekSheetFacts; sheetWindow: SheetWindow }) {
  const { sheet, sheetWindow } = props;
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  const busy = sending || sheet.sheetPrinting;
  return (
    <>
      {sheet.sheetOpen && sheet.sheetView === 'preview-window' && (
        <section data-testid="dkek-sheet-preview" aria-label="Your sheet's preview">
          <p>The preview beside this window shows your sheet exactly as it will print (A4).</p>
          {sheet.sheetPrinting && (
            <p className="notice notice--busy" role="status" data-testid="dkek-sheet-printing">
              The print or save dialog is open.
            </p>
          )}
          <button
            type="button"
            disabled={busy}
            onClick={() => void sheetWindow.withDialog(() => intents.printSheet())}
            data-testid="dkek-sheet-print"
          >
            Print…
          </button>{' '}
          <button
            type="button"
            disabled={busy}
            onClick={() => void sheetWindow.withDialog(() => intents.saveSheetPdf())}
            data-testid="dkek-sheet-save-pdf"
          >
            Save as PDF…
          </button>
          <p>
            A PDF on disk is a copy of your password share: anyone who can read that file can use
            it. Printing directly is safer.
          </p>
        </section>
      )}
      {sheet.sheetPrinted && (
        <p className="notice notice--good" role="status" data-testid="dkek-sheet-printed">
          Your sheet went out for printing.
        </p>
      )}
      {sheet.sheetPdfPath && (
        <p className="notice notice--warning" data-testid="dkek-sheet-pdf-path">
          A PDF of your sheet was saved to <span className="mono">{sheet.sheetPdfPath}</span>. It is
          a copy of your password share: print it, then delete it.
        </p>
      )}
    </>
  );
}
