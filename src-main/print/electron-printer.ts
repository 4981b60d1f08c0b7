// The Electron host prints a share sheet in a hidden, hardened window of its own: loaded from a
// data: URL (nothing on disk), no script, an in-memory session that is cleared afterwards, and
// the window destroyed when printing ends. This is the only module here that imports electron;
// it runs only inside Electron (the binary is absent on development machines), so its pure
// parts live in print-window-options.ts, where they are tested.

import { BrowserWindow, dialog, session } from 'electron';
import { writeFileAtomic } from '../files/atomic-write';
import {
  BLOCKED_URL_PATTERNS,
  PDF_COPY_WARNING,
  PRINT_PARTITION,
  dialogPrintOptions,
  pdfOptions,
  printWindowWebPreferences,
  sheetDataUrl,
  suggestedPdfName,
} from './print-window-options';
import type { PrintOutcome, SheetToShow } from './sheet-printer';

export type { PrintOutcome } from './sheet-printer';
export type SheetToPrint = SheetToShow;

let lockedSession: Electron.Session | undefined;

/**
 * The print and preview windows' own in-memory session, locked down once: no permission,
 * download or network.
 */
export function lockPrintSession(): Electron.Session {
  if (lockedSession) return lockedSession;
  const printSession = session.fromPartition(PRINT_PARTITION, { cache: false });
  printSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  printSession.setPermissionCheckHandler(() => false);
  printSession.setDevicePermissionHandler(() => false);
  printSession.webRequest.onBeforeRequest({ urls: BLOCKED_URL_PATTERNS }, (_details, callback) =>
    callback({ cancel: true }),
  );
  printSession.on('will-download', (event) => event.preventDefault());
  lockedSession = printSession;
  return printSession;
}

/** Drops whatever the print session holds once a sheet window is gone. */
export async function clearPrintSession(): Promise<void> {
  const printSession = lockPrintSession();
  await printSession.clearCache();
  await printSession.clearStorageData();
}

/** Opens the sheet in a hidden window, runs `use`, then destroys the window and clears its session. */
async function withSheetWindow<T>(
  html: string,
  use: (window: BrowserWindow) => Promise<T>,
): Promise<T> {
  lockPrintSession();
  const window = new BrowserWindow({
    show: false,
    width: 800,
    height: 1100,
    webPreferences: printWindowWebPreferences(),
  });
  window.setContentProtection(true);
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  try {
    await window.loadURL(sheetDataUrl(html));
    return await use(window);
  } finally {
    if (!window.isDestroyed()) window.destroy();
    await clearPrintSession();
  }
}

/** Prints the sheet through the system print dialog. */
export function printSheet(sheet: SheetToPrint): Promise<PrintOutcome> {
  return withSheetWindow(
    sheet.html,
    (window) =>
      new Promise<PrintOutcome>((resolve) => {
        window.webContents.print(dialogPrintOptions(sheet.paper), (success, failureReason) => {
          if (success) resolve({ done: true });
          else if (failureReason === 'cancelled')
            resolve({
              done: false,
              reason: 'cancelled',
              message: 'Printing was cancelled; the sheet was not printed.',
            });
          else
            resolve({
              done: false,
              reason: 'failed',
              message: `The printer reported a problem (${failureReason}); check the printer and print the sheet again.`,
            });
        });
      }),
  );
}

/**
 * Saves the sheet as a PDF where the person chooses, after warning that the file is a copy of
 * the share. The PDF bytes are wiped from memory once written.
 */
export async function saveSheetAsPdf(
  sheet: SheetToPrint,
  parent?: BrowserWindow,
): Promise<PrintOutcome> {
  const warning = {
    type: 'warning' as const,
    message: PDF_COPY_WARNING.message,
    detail: PDF_COPY_WARNING.detail,
    buttons: [...PDF_COPY_WARNING.buttons],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  const answer = parent
    ? await dialog.showMessageBox(parent, warning)
    : await dialog.showMessageBox(warning);
  if (answer.response !== 0)
    return { done: false, reason: 'cancelled', message: 'No PDF was saved.' };
  const saveOptions = {
    title: 'Save share sheet as PDF',
    defaultPath: suggestedPdfName(sheet.shareNumber, sheet.paper),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const target = parent
    ? await dialog.showSaveDialog(parent, saveOptions)
    : await dialog.showSaveDialog(saveOptions);
  if (target.canceled || !target.filePath)
    return { done: false, reason: 'cancelled', message: 'No PDF was saved.' };
  const path = target.filePath;
  return withSheetWindow(sheet.html, async (window) => {
    const pdf = await window.webContents.printToPDF(pdfOptions(sheet.paper));
    try {
      await writeFileAtomic(path, pdf, { mode: 0o600 });
    } catch (error) {
      return {
        done: false,
        reason: 'failed',
        message: `The PDF could not be written to ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); choose another place.`,
      };
    } finally {
      pdf.fill(0);
    }
    return { done: true, path };
  });
}
