// How a host shows one custodian's sheet for printing: one SheetPrinter per host, chosen by the
// host that starts Custos, never by the renderer (STYLE.md §8). The engine builds the sheet and
// decides when it may be shown; the printer only shows it and tears it down.
//
// - Electron (electron-sheet-printer.ts): a preview window next to the main window; the
//   renderer's buttons print through the system dialog or save a PDF.
// - Browser host (`pageSheetPrinter` below): a one-time page at a token URL, which the renderer
//   opens in a new window where the browser's own preview and print dialog do the rest.

import type { SheetServer } from './sheet-server';
import type { PaperSize } from './sheet-policy';

export interface SheetToShow {
  /** The whole sheet (sheet-html.ts). It holds the share: never log, cache or write it. */
  html: string;
  paper: PaperSize;
  shareNumber: number;
}

export type PrintOutcome =
  { done: true; path?: string } | { done: false; reason: 'cancelled' | 'failed'; message: string };

/** What a shown sheet tells the engine. Neither call carries the sheet. */
export interface SheetViewEvents {
  /** Browser host: the page was fetched, so the sheet is in the browser's hands to print. */
  delivered(): void;
  /** The view went away without the engine asking (the window was closed, the link expired). */
  closed(): void;
}

export type SheetView =
  | {
      kind: 'preview-window';
      /** The system print dialog, for the sheet the preview shows. */
      print(): Promise<PrintOutcome>;
      /** A warning that a PDF is a copy of the share, a save dialog, then the file. */
      saveAsPdf(): Promise<PrintOutcome>;
      /** Destroys the preview; safe to call more than once. */
      close(): void;
    }
  | {
      kind: 'page';
      /** Same-origin path the renderer opens once. */
      url: string;
      /** Withdraws the page if it was not fetched yet; safe to call more than once. */
      close(): void;
    };

export interface SheetPrinter {
  /** What the sheet says on screen (never on paper) about how to print it here. */
  readonly screenNote: string;
  open(sheet: SheetToShow, events: SheetViewEvents): Promise<SheetView>;
}

export const PAGE_SCREEN_NOTE =
  'Press Ctrl+P (⌘P on a Mac) to print this sheet, then close this window. It cannot be reloaded.';

/** The browser host's printer: the sheet server holds the sheet for one fetch or a minute. */
export function pageSheetPrinter(server: SheetServer): SheetPrinter {
  return {
    screenNote: PAGE_SCREEN_NOTE,
    async open(sheet, events) {
      const { path } = server.offer(sheet.html, {
        onFetched: () => events.delivered(),
        onExpired: () => events.closed(),
      });
      return { kind: 'page', url: path, close: () => server.withdraw(path) };
    },
  };
}
