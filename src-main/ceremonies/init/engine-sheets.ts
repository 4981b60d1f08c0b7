// The engine's share-sheet intents (issue §3–4): during a custodian's reveal, print their sheet
// (and only theirs) through the host's SheetPrinter; in their confirm phase, after a sheet went
// out, check a scan of its QR code (or the share typed back) against their share. The transcript
// says that a sheet was opened, printed, saved as a PDF (and where) or handed to the browser,
// and whether a scan-back matched — never the share.

import type { SheetOpened } from '../../../shared/ceremony/init-snapshot';
import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import type { Logger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import { checkScannedShare } from '../../print/scan-back';
import { shareSheetContent } from '../../print/sheet-content';
import { loadSheetFonts, type EmbeddedFont } from '../../print/sheet-fonts';
import { renderShareSheet } from '../../print/sheet-html';
import type { PaperSize } from '../../print/sheet-policy';
import type { PrintOutcome, SheetView } from '../../print/sheet-printer';
import type { SheetPrinting } from './engine-context';
import type { ShareTurns } from './share-turns';
import { TurnSheet, type SheetJob } from './turn-sheet';
import { fileFailureReason } from '../../records/file-failure';

/** Where the sheet's facts come from and its events go: the ceremony folder, as the sheet sees it. */
export interface SheetRecord {
  /** The record the sheet is made from (its custodians must be the set whose turns these are). */
  readonly record: CeremonyRecord;
  log(event: string, data?: Record<string, unknown>): Promise<unknown>;
}

/** A ceremony's share turns with their sheet: init's shares step, the reshare's new shares. */
export interface SheetStage {
  readonly turns: ShareTurns;
  readonly sheet: TurnSheet;
  readonly record: SheetRecord;
}

/** The ceremony's state, where a failed dialog or scan-back is told. */
export interface SheetProblemHolder {
  problem?: { field?: string; message: string };
}

/** What the intents need from their engine: how this host prints, and where failures are logged. */
export interface SheetHost {
  readonly options: { readonly sheetPrinting?: SheetPrinting | undefined };
  readonly log: Logger;
}

/** A dialog under way, remembered with the ceremony it belongs to. */
export interface PendingSheetJob<C extends SheetProblemHolder> {
  ceremony: C;
  /** The turn's sheet and the ceremony folder, which outlive the dialog if the step moves on. */
  sheet: TurnSheet;
  record: SheetRecord;
  job: SheetJob;
  custodian: string;
}

/**
 * The sheet intents of any ceremony whose share turns run on init's ShareTurns: the engine
 * finds the stage (init's shares step, the reshare's new shares) and hands it here.
 */
export class SheetIntents {
  constructor(private readonly engine: SheetHost) {}

  /** The sheet state every ceremony starts with: printing is possible once a host gave a printer. */
  newTurnSheet(): TurnSheet {
    return new TurnSheet(this.engine.options.sheetPrinting !== undefined);
  }

  async open(stage: SheetStage, paper: PaperSize): Promise<SheetOpened> {
    const { turns, sheet, record } = stage;
    const printing = this.engine.options.sheetPrinting;
    if (!printing)
      throw new Refusal(
        'conflict',
        'This Custos window cannot print share sheets; write the share down by hand from the screen.',
      );
    this.requireShown(turns, 'print your sheet');
    const turn = turns.index;
    const custodian = turns.custodianName;
    if (sheet.isPrinting(turn))
      throw new Refusal(
        'conflict',
        'A print or save dialog for this sheet is still open; finish or cancel it first.',
      );

    let fonts: EmbeddedFont[];
    try {
      fonts = await loadSheetFonts(printing.fontsDirectory);
    } catch (error) {
      throw new Refusal(
        'io-error',
        `The share sheet cannot be made: ${fileFailureReason(error, "the sheet's fonts")}. Reinstall Custos if this keeps happening.`,
        { cause: error },
      );
    }
    const content = shareSheetContent(record.record, turn + 1, turns.currentShare());
    const html = renderShareSheet(content, {
      paper,
      fonts,
      screenNote: printing.printer.screenNote,
    });
    sheet.closeView();
    let view: SheetView | undefined = undefined;
    view = await printing.printer.open(
      { html, paper, shareNumber: turn + 1 },
      {
        delivered: () => this.delivered(stage, turn, custodian, paper),
        closed: () => {
          if (view) sheet.forget(view);
        },
      },
    );
    // Opening a window takes a moment, and main's timer may hide the share meanwhile.
    if (turns.phase !== 'reveal' || turns.index !== turn) {
      view.close();
      throw new Refusal(
        'conflict',
        'Your share was hidden while the sheet was opening, so the sheet was closed. Show your share again, then print.',
      );
    }
    const opened = sheet.opened(turn, view, paper);
    await record.log('share-sheet-opened', {
      ...this.who(turns),
      paper,
      view: opened.kind,
    });
    return opened;
  }

  close(stage: SheetStage): void {
    stage.sheet.closeView();
  }

  /** Starts the system print dialog or the PDF save for the open preview window. */
  startJob<C extends SheetProblemHolder>(
    ceremony: C,
    { turns, sheet, record }: SheetStage,
    kind: SheetJob['kind'],
  ): PendingSheetJob<C> {
    this.requireShown(turns, kind === 'print' ? 'print your sheet' : 'save your sheet as a PDF');
    const view = sheet.viewOf(turns.index);
    if (!view)
      throw new Refusal(
        'conflict',
        'Open your sheet first: the preview shows what will be printed.',
      );
    if (view.kind !== 'preview-window')
      throw new Refusal(
        'conflict',
        'Print from the sheet’s own window (Ctrl+P, or ⌘P on a Mac); the browser’s print dialog prints it and can save a PDF.',
      );
    const job = sheet.startJob(turns.index, kind);
    if (!job)
      throw new Refusal(
        'conflict',
        'A print or save dialog for this sheet is already open; finish or cancel it first.',
      );
    return { ceremony, sheet, record, job, custodian: turns.custodianName };
  }

  /** Records how the dialog ended. The share may have left the screen meanwhile; that is fine. */
  async finishJob<C extends SheetProblemHolder>(
    { ceremony, sheet, record, job, custodian }: PendingSheetJob<C>,
    outcome: PrintOutcome,
  ): Promise<C> {
    sheet.finishJob(job);
    const who = { custodian, shareNumber: job.turn + 1 };
    if (outcome.done) {
      // The preview has done its job once the sheet is out (issue §3: torn down after printing).
      if (sheet.markPrinted(job.turn, outcome.path)) sheet.closeView();
      // Where a PDF went is part of the record: it is a copy of the share that someone must destroy.
      await record.log(job.kind === 'print' ? 'share-sheet-printed' : 'share-sheet-saved-as-pdf', {
        ...who,
        paper: job.paper,
        ...(outcome.path ? { path: outcome.path } : {}),
      });
    } else {
      ceremony.problem = { field: 'sheet', message: outcome.message };
      await record.log(
        job.kind === 'print' ? 'share-sheet-not-printed' : 'share-sheet-pdf-not-saved',
        { ...who, reason: outcome.reason },
      );
    }
    return ceremony;
  }

  /**
   * The scanned QR code (or the share typed back) of the sheet printed this turn. A match
   * confirms the turn like a passed check; anything else is refused with where it differs.
   */
  async scanBack<C extends SheetProblemHolder>(
    ceremony: C,
    { turns, sheet, record }: SheetStage,
    text: string,
  ): Promise<C> {
    if (turns.phase !== 'confirm')
      throw new Refusal(
        'conflict',
        'Scan your sheet after saying your share is recorded, while the share is hidden.',
      );
    if (!sheet.wasPrinted(turns.index)) {
      throw new Refusal(
        'conflict',
        'The scan-back check is for a sheet printed during this turn. Show your share again to print your sheet, or type the groups asked for.',
      );
    }
    const verdict = checkScannedShare(text, turns.currentShare());
    if (verdict.verdict === 'matches') {
      turns.confirmByScanBack();
      await record.log('share-scan-back-matched', this.who(turns));
      await record.log('share-confirmed', { ...this.who(turns), check: 'scan-back' });
      return ceremony;
    }
    ceremony.problem = {
      field: 'scanBack',
      message: `${verdict.message} If the printed sheet itself is wrong, show your share again and print a new sheet.`,
    };
    await record.log('share-scan-back-refused', {
      ...this.who(turns),
      verdict: verdict.verdict,
      ...('position' in verdict ? { position: verdict.position } : {}),
    });
    return ceremony;
  }

  /** The browser fetched the sheet page: it is out of Custos and in the browser's print path. */
  private delivered(stage: SheetStage, turn: number, custodian: string, paper: PaperSize): void {
    // The stage the sheet was opened in: its sheet and folder, even if the step moved on since.
    if (!stage.sheet.markPrinted(turn)) return;
    const who = { custodian, shareNumber: turn + 1 };
    void stage.record
      .log('share-sheet-delivered', { ...who, paper, to: 'browser page' })
      .catch((error: unknown) =>
        this.engine.log.error('the transcript could not record a delivered sheet', { error }),
      );
  }

  private requireShown(turns: ShareTurns, what: string): void {
    if (turns.phase === 'reveal') return;
    throw new Refusal(
      'conflict',
      turns.phase === 'confirm' || turns.phase === 'handover'
        ? `Show your share first: you can ${what} only while it is on the screen.`
        : `${turns.custodianName}'s turn is over; the sheet can no longer be printed.`,
    );
  }

  private who(turns: ShareTurns): { custodian: string; shareNumber: number } {
    return { custodian: turns.custodianName, shareNumber: turns.index + 1 };
  }
}
