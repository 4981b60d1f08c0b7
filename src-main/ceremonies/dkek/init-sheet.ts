// The custodian's printed password share during their turn (issue 10 "a printed sheet with QR
// where the plan asks"), on the YubiHSM initialisation's sheet machinery: the host's SheetPrinter
// (a one-time page in the browser host, a preview window in Electron) and init's TurnSheet, which
// holds the view of one turn and forgets it when the turn changes. Only while the share is on
// screen (phase in-hand) and only that custodian's own sheet; the view is closed the moment the
// share leaves the screen. The sheet goes to the printer, never to a file Custos chose: nothing is
// written to the ceremony folder or user data. The transcript says a sheet was opened and handed
// over, never what it held.

import type { SheetOpened } from '../../../shared/ceremony/init-snapshot';
import type { Logger } from '../../log/logger';
import { loadSheetFonts } from '../../print/sheet-fonts';
import type { PaperSize } from '../../print/sheet-policy';
import type { SheetView } from '../../print/sheet-printer';
import { fileFailureReason } from '../../records/file-failure';
import { Refusal } from '../../refusal/refusal';
import type { SheetPrinting } from '../init/engine-context';
import type { TurnSheet } from '../init/turn-sheet';
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
