// Test support: the Electron host's kind of printer (a preview window with print and save
// dialogs), which cannot run here because the Electron binary is absent. It keeps the sheet it
// was given, counts how often each view was torn down, and lets a test end each dialog by hand,
// the way a person would press Print, Cancel or Save.

import type {
  PrintOutcome,
  SheetPrinter,
  SheetToShow,
  SheetView,
  SheetViewEvents,
} from '../../../print/sheet-printer';

export interface OpenedPreview {
  sheet: SheetToShow;
  events: SheetViewEvents;
  closes: number;
  readonly closed: boolean;
}

interface Dialog {
  kind: 'print' | 'pdf';
  finish(outcome: PrintOutcome): void;
}

export class PreviewPrinter implements SheetPrinter {
  readonly screenNote = 'Preview: print or save it from the Custos window.';
  readonly opened: OpenedPreview[] = [];
  /** Dialogs shown and not yet answered, oldest first. */
  readonly dialogs: Dialog[] = [];
  private waiting: (() => void)[] = [];

  async open(sheet: SheetToShow, events: SheetViewEvents): Promise<SheetView> {
    const entry = {
      sheet,
      events,
      closes: 0,
      get closed() {
        return this.closes > 0;
      },
    };
    this.opened.push(entry);
    const dialog = (kind: Dialog['kind']) =>
      new Promise<PrintOutcome>((resolve) => {
        this.dialogs.push({ kind, finish: resolve });
        for (const wake of this.waiting.splice(0)) wake();
      });
    return {
      kind: 'preview-window',
      print: () => dialog('print'),
      saveAsPdf: () => dialog('pdf'),
      close: () => void (entry.closes += 1),
    };
  }

  get last(): OpenedPreview {
    const entry = this.opened.at(-1);
    if (!entry) throw new Error('no sheet was opened');
    return entry;
  }

  /** Resolves once a dialog is up (at once if one already is). */
  async dialogShown(): Promise<Dialog['kind']> {
    if (this.dialogs.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.dialogs[0]!.kind;
  }

  /** Answers the oldest open dialog. */
  answer(outcome: PrintOutcome): void {
    const dialog = this.dialogs.shift();
    if (!dialog) throw new Error('no dialog is open');
    dialog.finish(outcome);
  }
}
