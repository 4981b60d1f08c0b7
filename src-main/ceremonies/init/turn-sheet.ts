// The current custodian's share sheet during their turn: whether its view (a preview window or
// a one-time page) is open, whether a print or save dialog is up, and whether the sheet left
// Custos this turn, which is what makes the scan-back check available. It belongs to one turn:
// when the turn changes, everything here starts again from nothing.

import type { ShareSheetState, SheetOpened } from '../../../shared/ceremony/init-snapshot';
import type { PrintOutcome, SheetView } from '../../print/sheet-printer';
import type { PaperSize } from '../../print/sheet-policy';

/** One print or save dialog, run outside the engine's intent queue (it can take minutes). */
export interface SheetJob {
  readonly kind: 'print' | 'pdf';
  /** The turn it was started in (0-based custodian index). */
  readonly turn: number;
  readonly paper: PaperSize;
  run(): Promise<PrintOutcome>;
}

export class TurnSheet {
  private turn = -1;
  private view: SheetView | undefined;
  private paper: PaperSize | undefined;
  private printing = false;
  private printed = false;
  private pdfPath: string | undefined;

  constructor(readonly available: boolean) {}

  /** What the snapshot says about the sheet of the turn `turn` (0-based). */
  state(turn: number): ShareSheetState {
    const mine = turn === this.turn;
    const view = mine ? this.view : undefined;
    return {
      available: this.available,
      open: view !== undefined,
      ...(view ? { view: view.kind } : {}),
      ...(mine && this.paper ? { paper: this.paper } : {}),
      printing: mine && this.printing,
      printed: mine && this.printed,
      ...(mine && this.pdfPath ? { pdfPath: this.pdfPath } : {}),
    };
  }

  /** Whether the sheet of turn `turn` left Custos (printed, saved or handed to the browser). */
  wasPrinted(turn: number): boolean {
    return turn === this.turn && this.printed;
  }

  isPrinting(turn: number): boolean {
    return turn === this.turn && this.printing;
  }

  viewOf(turn: number): SheetView | undefined {
    return turn === this.turn ? this.view : undefined;
  }

  /** A new view for this turn; the one before it (another paper, an earlier turn) goes first. */
  opened(turn: number, view: SheetView, paper: PaperSize): SheetOpened {
    this.closeView();
    if (turn !== this.turn) this.startTurn(turn);
    this.view = view;
    this.paper = paper;
    return view.kind === 'page' ? { kind: 'page', url: view.url } : { kind: 'preview-window' };
  }

  /** Tears the view down (the share left the screen, or the custodian closed it). */
  closeView(): void {
    const view = this.view;
    this.view = undefined;
    view?.close();
  }

  /** The view went away on its own: forget it, if it is still the one held. */
  forget(view: SheetView): void {
    if (this.view === view) this.view = undefined;
  }

  /** The sheet left Custos in turn `turn`. Returns false when that turn is over. */
  markPrinted(turn: number, pdfPath?: string): boolean {
    if (turn !== this.turn) return false;
    this.printed = true;
    if (pdfPath !== undefined) this.pdfPath = pdfPath;
    return true;
  }

  /** Starts a dialog for the open preview window; the caller runs it outside the queue. */
  startJob(turn: number, kind: SheetJob['kind']): SheetJob | undefined {
    const view = this.viewOf(turn);
    if (!view || view.kind !== 'preview-window' || this.printing) return undefined;
    this.printing = true;
    const paper = this.paper!;
    return { kind, turn, paper, run: () => (kind === 'print' ? view.print() : view.saveAsPdf()) };
  }

  finishJob(job: SheetJob): void {
    if (job.turn === this.turn) this.printing = false;
  }

  private startTurn(turn: number): void {
    this.turn = turn;
    this.paper = undefined;
    this.printing = false;
    this.printed = false;
    this.pdfPath = undefined;
  }
}
