// The Electron host's SheetPrinter: the sheet opens in a preview window next to the main window,
// with the print window's hardening (no preload, no JavaScript, in-memory session, content
// protection). The renderer's buttons then print it through the system dialog or save a PDF
// (electron-printer.ts, each in a hidden window of its own, so hiding the share mid-dialog
// closes the preview without breaking the print). The preview is destroyed whenever the engine
// says the share left the screen, and when the main window goes. Runs only inside Electron;
// its option choices are tested in print-window-options.test.ts.

import { BrowserWindow, screen } from 'electron';
import {
  clearPrintSession,
  lockPrintSession,
  printSheet,
  saveSheetAsPdf,
} from './electron-printer';
import { previewGeometry, previewWindowOptions, sheetDataUrl } from './print-window-options';
import type { SheetPrinter } from './sheet-printer';

export const PREVIEW_SCREEN_NOTE =
  'Preview of your sheet: print it, or save it as a PDF, from the Custos window.';

export function electronSheetPrinter(mainWindow: () => BrowserWindow | undefined): SheetPrinter {
  return {
    screenNote: PREVIEW_SCREEN_NOTE,
    async open(sheet, events) {
      const parent = mainWindow();
      if (!parent || parent.isDestroyed())
        throw new Error(
          'the Custos window is closed, so there is nothing to show the sheet next to',
        );
      lockPrintSession();
      const geometry = previewGeometry(
        sheet.paper,
        screen.getDisplayMatching(parent.getBounds()).workArea,
      );
      const preview = new BrowserWindow({ ...previewWindowOptions(geometry), parent });
      // The sheet holds the share: keep it out of screenshots and screen sharing (STYLE.md §16).
      preview.setContentProtection(true);
      preview.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      preview.webContents.on('will-navigate', (event) => event.preventDefault());
      let closing = false;
      preview.once('closed', () => {
        // Closed by the window manager rather than by the engine: the engine forgets it.
        if (!closing) events.closed();
        void clearPrintSession();
      });
      const close = () => {
        closing = true;
        if (!preview.isDestroyed()) preview.destroy();
      };
      try {
        await preview.loadURL(sheetDataUrl(sheet.html));
      } catch (error) {
        close();
        throw error;
      }
      // Shown without taking the focus from the main window (see previewWindowOptions).
      preview.showInactive();
      return {
        kind: 'preview-window',
        print: () => printSheet(sheet),
        saveAsPdf: () => saveSheetAsPdf(sheet, mainWindow()),
        close,
      };
    },
  };
}
