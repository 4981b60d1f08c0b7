// How the Electron host's print window is set up, apart from Electron itself so it can be
// tested here (the Electron binary is not installed on development machines). The window gets
// the main window's hardening (hosts/electron/window-options.ts) and, on top of it: no
// preload, no JavaScript, no DevTools, and an in-memory session of its own.

import type { PrintToPDFOptions, WebContentsPrintOptions, WebPreferences } from 'electron';
import { PAPER, type PaperSize } from './sheet-policy';

/** No "persist:" prefix: Electron keeps this session in memory and writes no cache to disk. */
export const PRINT_PARTITION = 'custos-print-sheet';

/** Only these pages load in the print window; every request over these schemes is cancelled. */
export const BLOCKED_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*', 'ftp://*/*'];

export function printWindowWebPreferences(): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    plugins: false,
    enableWebSQL: false,
    webgl: false,
    // A sheet is a static document; its CSP forbids scripts as well.
    javascript: false,
    images: true,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: false,
    safeDialogs: true,
    disableDialogs: true,
    autoplayPolicy: 'document-user-activation-required',
    backgroundThrottling: false,
    offscreen: false,
    partition: PRINT_PARTITION,
  };
}

/** The sheet as a data: URL: loaded straight from memory, never from a file. */
export function sheetDataUrl(html: string): string {
  return `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
}

const ELECTRON_PAGE_SIZE = { a4: 'A4', letter: 'Letter' } as const satisfies Record<PaperSize, string>;

/** The system print dialog, opened on the sheet's paper; the sheet's @page margins apply. */
export function dialogPrintOptions(paper: PaperSize): WebContentsPrintOptions {
  return { silent: false, printBackground: true, color: false, pageSize: ELECTRON_PAGE_SIZE[paper], margins: { marginType: 'default' }, landscape: false, copies: 1 };
}

/**
 * Print-to-PDF with the sheet's own page size and margins (@page), no header or footer: the
 * same call the Chromium print tests make, so what is tested is what is saved.
 */
export function pdfOptions(paper: PaperSize): PrintToPDFOptions {
  return {
    pageSize: ELECTRON_PAGE_SIZE[paper],
    preferCSSPageSize: true,
    printBackground: true,
    displayHeaderFooter: false,
    landscape: false,
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
  };
}

/** Said before a PDF is saved: the file is a copy of the share. */
export const PDF_COPY_WARNING = {
  message: 'A PDF of this sheet is a copy of the share.',
  detail:
    'Anyone who can read the file can use this share. Save it only where it will not be copied or backed up (for example removable media that stays with the custodian), print it, and delete it. Printing directly is safer.',
  buttons: ['Save PDF anyway', 'Cancel'] as const,
};

/** A PDF file name that names the share, not the custodian's share text. */
export function suggestedPdfName(shareNumber: number, paper: PaperSize): string {
  return `share-sheet-${shareNumber}-${PAPER[paper].css === 'A4' ? 'a4' : 'letter'}.pdf`;
}
