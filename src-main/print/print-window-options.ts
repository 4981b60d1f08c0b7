// How the Electron host's print window is set up, apart from Electron itself so it can be
// tested here (the Electron binary is not installed on development machines). The window gets
// the main window's hardening (hardenedWebPreferences in hosts/electron/window-options.ts) and,
// on top of it: no preload, no JavaScript, no DevTools, no dialogs, and an in-memory session
// of its own.

import type {
  BrowserWindowConstructorOptions,
  PrintToPDFOptions,
  WebContentsPrintOptions,
  WebPreferences,
} from 'electron';
import { hardenedWebPreferences } from '../hosts/electron/window-options';
import { PAPER, type PaperSize } from './sheet-policy';

/** No "persist:" prefix: Electron keeps this session in memory and writes no cache to disk. */
export const PRINT_PARTITION = 'custos-print-sheet';

/** Only these pages load in the print window; every request over these schemes is cancelled. */
export const BLOCKED_URL_PATTERNS = [
  'http://*/*',
  'https://*/*',
  'ws://*/*',
  'wss://*/*',
  'file://*/*',
  'ftp://*/*',
];

export function printWindowWebPreferences(): WebPreferences {
  return {
    ...hardenedWebPreferences(false),
    // A sheet is a static document; its CSP forbids scripts as well.
    javascript: false,
    disableDialogs: true,
    // The sheet is printed or saved from a window that may be hidden.
    backgroundThrottling: false,
    partition: PRINT_PARTITION,
  };
}

/** The sheet as a data: URL: loaded straight from memory, never from a file. */
export function sheetDataUrl(html: string): string {
  return `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
}

const ELECTRON_PAGE_SIZE = { a4: 'A4', letter: 'Letter' } as const satisfies Record<
  PaperSize,
  string
>;

/** The system print dialog, opened on the sheet's paper; the sheet's @page margins apply. */
export function dialogPrintOptions(paper: PaperSize): WebContentsPrintOptions {
  return {
    silent: false,
    printBackground: true,
    color: false,
    pageSize: ELECTRON_PAGE_SIZE[paper],
    margins: { marginType: 'default' },
    landscape: false,
    copies: 1,
  };
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

/** CSS pixels per millimetre (96 per inch). */
const PX_PER_MM = 96 / 25.4;

export interface PreviewGeometry {
  /** Content size of the preview window, in screen pixels. */
  width: number;
  height: number;
  /** Page zoom that fits the whole sheet, margins included, in that size. */
  zoomFactor: number;
}

/**
 * The preview shows the whole page at once (no scrolling to find the QR code): as large as 90 %
 * of the screen's height and 45 % of its width allow, never above print size, never so small
 * that the share cannot be read.
 */
export function previewGeometry(
  paper: PaperSize,
  workArea: { width: number; height: number },
): PreviewGeometry {
  const page = {
    width: PAPER[paper].widthMm * PX_PER_MM,
    height: PAPER[paper].heightMm * PX_PER_MM,
  };
  const fit = Math.min(
    (workArea.height * 0.9) / page.height,
    (workArea.width * 0.45) / page.width,
    1,
  );
  const zoomFactor = Math.round(Math.max(fit, 0.4) * 1000) / 1000;
  return {
    width: Math.ceil(page.width * zoomFactor),
    height: Math.ceil(page.height * zoomFactor),
    zoomFactor,
  };
}

/**
 * The preview window (its parent, the main window, is added by the Electron printer). The
 * print window's hardening, shown at the sheet's zoom. It is a child of the main window but
 * not modal, and it never takes the focus: the print, save and close buttons are in the main
 * window, which a modal window would disable, and the main window losing the focus is how
 * Custos notices a custodian walking away (the share hides, and this window with it).
 */
export function previewWindowOptions(geometry: PreviewGeometry): BrowserWindowConstructorOptions {
  return {
    title: 'Share sheet preview',
    width: geometry.width,
    height: geometry.height,
    useContentSize: true,
    center: true,
    show: false,
    modal: false,
    focusable: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: { ...printWindowWebPreferences(), zoomFactor: geometry.zoomFactor },
  };
}
