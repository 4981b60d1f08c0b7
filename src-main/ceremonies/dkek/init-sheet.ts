// The custodian's printed password share during their turn (issue 10 "a printed sheet with QR
// where the plan asks"), on the YubiHSM initialisation's sheet machinery: the host's SheetPrinter
// (a one-time page in the browser host, a preview window in Electron) and init's TurnSheet, which
// holds the view of one turn and forgets it when the turn changes. Only while the share is on
// screen (phase in-hand) and only that custodian's own sheet; the view is closed the moment the
// share leaves the screen. The sheet goes to the printer, never to a file Custos chose: nothing is
// written to the ceremony folder or user data. The transcript says a sheet was opened and handed
// over, never what it held. In the Electron host the preview window's sheet is printed through the
// system dialog or saved as a PDF where the person chooses in main's save dialog (never a path
// from the page); the transcript says which, and where a PDF went, never the share.

import type { SheetOpened } from '../../../shared/ceremony/init-snapshot';
import type { Logger } from '../../log/logger';
import { loadSheetFonts } from '../../print/sheet-fonts';
import type { PaperSize } from '../../print/sheet-policy';
import type { PrintOutcome, SheetView } from '../../print/sheet-printer';
import { fileFailureReason } from '../../records/file-failure';
import { Refusal } from '../../refusal/refusal';
import type { SheetPrinting } from '../init/engine-context';
import type { SheetJob, TurnSheet } from '../init/turn-sheet';
import type { DkekInitPart, DkekInitState } from './init-state';
import { renderPasswordShareSheet } from './password-share-sheet';

type SharesPart = Extract<DkekInitPart, { step: 'shares' }>;

export async function openTurnSheet(
  state: DkekInitState,
  part: SharesPart,
  paper: PaperSize,
  host: { printing?: SheetPrinting; toolVersion: string; log: Logger },
): Promise<SheetOpened> {
  const printing = host.printing;
  if (!part.plan.printSheets)
    throw new Refusal(
      'conflict',
      'This plan prints no sheets; write the password share down by hand from the screen.',
    );
  if (!printing)
    throw new Refusal(
      'conflict',
      'This Custos window cannot print sheets; write the password share down by hand from the screen.',
    );
  const turnIndex = part.turnIndex;
  const turn = part.turns[turnIndex];
  if (!turn || turn.state.phase !== 'in-hand')
    throw new Refusal(
      'conflict',
      'Show your password share first: the sheet is printed only while it is on the screen.',
    );
  if (part.sheet.isPrinting(turnIndex))
    throw new Refusal(
      'conflict',
      'A print or save dialog for this sheet is still open; finish or cancel it first.',
    );
  const made = part.made.find((share) => share.plan.number === turn.shareNumber)!;
  const share = made.passwordShares?.[turn.id - 1];
  if (!share || made.plan.kind !== 'password-split')
    throw new Error('a password share turn without its password share');
  let fonts;
  try {
    fonts = await loadSheetFonts(printing.fontsDirectory);
  } catch (error) {
    throw new Refusal(
      'io-error',
      `The sheet cannot be made: ${fileFailureReason(error, "the sheet's fonts")}. Reinstall Custos if this keeps happening.`,
      { cause: error },
    );
  }
  const html = renderPasswordShareSheet(
    {
      ceremonyName: part.plan.ceremony,
      ceremonyId: state.id,
      custodian: turn.custodian,
      shareNumber: turn.shareNumber,
      fileName: made.plan.file.split(/[\\/]/).pop()!,
      threshold: made.plan.threshold,
      total: made.plan.custodians.length,
      deviceSerial: state.preflight.device.serial,
      rehearsal: state.rehearsal,
      toolVersion: host.toolVersion,
      share,
    },
    { paper, fonts, screenNote: printing.printer.screenNote },
  );
  const sheet = part.sheet;
  const who = {
    shareNumber: turn.shareNumber,
    passwordShareId: turn.id,
    custodian: turn.custodian,
  };
  sheet.closeView();
  let view: SheetView | undefined = undefined;
  view = await printing.printer.open(
    { html, paper, shareNumber: turn.id },
    {
      delivered: () => {
        if (!sheet.markPrinted(turnIndex)) return;
        void part.folder
          .log('password-share-sheet-delivered', { ...who, paper, to: 'browser page' })
          .catch((error: unknown) =>
            host.log.error('the transcript could not record a delivered sheet', { error }),
          );
      },
      closed: () => {
        if (view) sheet.forget(view);
      },
    },
  );
  // Opening takes a moment; the custodian may have put the share away meanwhile.
  if (part.turnIndex !== turnIndex || turn.state.phase !== 'in-hand') {
    view.close();
    throw new Refusal(
      'conflict',
      'Your share was put away while the sheet was opening, so the sheet was closed. Show it again, then print.',
    );
  }
  const opened = sheet.opened(turnIndex, view, paper);
  await part.folder.log('password-share-sheet-opened', { ...who, paper, view: opened.kind });
  return opened;
}

/** The share left the screen (or the ceremony ended): its sheet goes with it. */
export function closeTurnSheet(part: DkekInitPart): void {
  if (part.step === 'shares') (part.sheet as TurnSheet).closeView();
}

/** A print or save dialog under way, with the turn's sheet and folder it reports to. */
export interface PendingTurnSheetJob {
  part: SharesPart;
  job: SheetJob;
  who: { shareNumber: number; passwordShareId: number; custodian: string };
}

/** Starts the system print dialog or the PDF save for the open preview window. */
export function startTurnSheetJob(part: SharesPart, kind: SheetJob['kind']): PendingTurnSheetJob {
  const turnIndex = part.turnIndex;
  const turn = part.turns[turnIndex];
  const what = kind === 'print' ? 'print your sheet' : 'save your sheet as a PDF';
  if (!turn || turn.state.phase !== 'in-hand')
    throw new Refusal(
      'conflict',
      `Show your password share first: you can ${what} only while it is on the screen.`,
    );
  const view = part.sheet.viewOf(turnIndex);
  if (!view)
    throw new Refusal('conflict', 'Open your sheet first: the preview shows what will be printed.');
  if (view.kind !== 'preview-window')
    throw new Refusal(
      'conflict',
      'Print from the sheet’s own window (Ctrl+P, or ⌘P on a Mac); the browser’s print dialog prints it and can save a PDF.',
    );
  const job = part.sheet.startJob(turnIndex, kind);
  if (!job)
    throw new Refusal(
      'conflict',
      'A print or save dialog for this sheet is already open; finish or cancel it first.',
    );
  const who = {
    shareNumber: turn.shareNumber,
    passwordShareId: turn.id,
    custodian: turn.custodian,
  };
  return { part, job, who };
}

/** Runs the dialog (outside the engine's queue); a dialog that throws is a failed one. */
export async function runTurnSheetJob(job: SheetJob, log: Logger): Promise<PrintOutcome> {
  try {
    return await job.run();
  } catch (error) {
    log.error('a password share sheet dialog failed', { error, kind: job.kind });
    return {
      done: false,
      reason: 'failed',
      message:
        job.kind === 'print'
          ? 'The sheet could not be printed; print it again.'
          : 'The PDF could not be saved; try again.',
    };
  }
}

/**
 * Records how the dialog ended. The share may have left the screen meanwhile; the sheet and the
 * folder are the ones the dialog was started with. A failed or cancelled dialog is told on `at`.
 */
export async function finishTurnSheetJob(
  { part, job, who }: PendingTurnSheetJob,
  outcome: PrintOutcome,
  at: { problem?: { field?: string; message: string } },
): Promise<void> {
  const sheet = part.sheet;
  sheet.finishJob(job);
  if (outcome.done) {
    // The preview has done its job once the sheet is out (as the YubiHSM turns do).
    if (sheet.markPrinted(job.turn, outcome.path)) sheet.closeView();
    // Where a PDF went is recorded: it is a copy of the share that someone must destroy.
    await part.folder.log(
      job.kind === 'print' ? 'password-share-sheet-printed' : 'password-share-sheet-saved-as-pdf',
      { ...who, paper: job.paper, ...(outcome.path ? { path: outcome.path } : {}) },
    );
    return;
  }
  at.problem = { field: 'sheet', message: outcome.message };
  await part.folder.log(
    job.kind === 'print'
      ? 'password-share-sheet-not-printed'
      : 'password-share-sheet-pdf-not-saved',
    { ...who, reason: outcome.reason },
  );
}
