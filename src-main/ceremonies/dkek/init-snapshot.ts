// The DKEK initialisation's snapshot, built fresh from main's state (init-state.ts). A password
// share's fields are in it only while its custodian's turn is in hand; withoutReveal() is what
// listeners get, so an event never carries one.

import type { DkekInitSnapshot, DkekStatusView } from '../../../shared/ceremony/dkek-init-snapshot';
import { passwordShareCheckWord } from '../../dkek/check-word';
import { formatHexBytes } from '../../dkek/password-shares';
import type { DkekStatus } from '../../hsm/smartcard-hsm/client';
import type { DkekInitPart, DkekInitState } from './init-state';
import { holdersOf } from './plan-file';

export function statusView(status: DkekStatus | undefined): DkekStatusView {
  if (!status) return { state: 'not-initialised' };
  switch (status.state) {
    case 'no-dkek':
      return { state: 'no-dkek' };
    case 'pending':
      return { state: 'pending', total: status.total, outstanding: status.outstanding };
    case 'complete':
      return { state: 'complete', total: status.total, kcv: status.kcv };
    case 'complete-kcv-hidden':
      return { state: 'kcv-hidden', total: status.total };
  }
}

export function buildSnapshot(state: DkekInitState): DkekInitSnapshot {
  const { preflight, part } = state;
  const snapshot: DkekInitSnapshot = {
    ceremonyId: state.id,
    wizard: state.wizard,
    finished: Boolean(state.finished),
    preflight: {
      device: preflight.device,
      initialised: preflight.initialised,
      dkek: statusView(preflight.dkek),
      keys: preflight.keys.map((key) => ({
        keyReference: key.keyReference,
        ...(key.label ? { label: key.label } : {}),
      })),
      reinitialise: !preflight.initialised
        ? 'not-needed'
        : state.reinitialiseConfirmed
          ? 'confirmed'
          : 'needs-confirmation',
    },
  };
  if (state.busy) snapshot.busy = state.busy;
  if (state.progress) snapshot.progress = { ...state.progress };
  if (state.problem) snapshot.problem = state.problem;
  if (state.stopped) snapshot.stopped = state.stopped;
  const folder = 'folder' in part ? part.folder : undefined;
  if ('plan' in part && part.plan && folder)
    snapshot.plan = {
      ceremony: part.plan.ceremony,
      mode: part.plan.mode,
      pinRetries: part.plan.pinRetries,
      printSheets: part.plan.printSheets,
      folder: folder.path,
      shares: part.plan.shares.map((share) => ({
        number: share.number,
        file: share.file,
        holders: holdersOf(share),
      })),
    };
  if ('made' in part) {
    const turns = part.step === 'shares' ? part.turns : [];
    const turnIndex = part.step === 'shares' ? part.turnIndex : turns.length;
    const proven = 'proven' in part ? part.proven : undefined;
    snapshot.shares = {
      files: part.made.map((share) => ({
        number: share.plan.number,
        file: share.plan.file,
        sha256: share.sha256,
        shareKcv: share.shareKcv,
      })),
      turnsDone: turnIndex,
      turnsTotal: turns.length,
      ...sheetView(part, turnIndex),
      proven: Boolean(proven) || part.step !== 'shares',
      ...(proven ? { kcv: proven.kcv } : {}),
    };
    const turn = turns[turnIndex];
    if (part.step === 'shares' && turn) {
      const share = part.made.find((made) => made.plan.number === turn.shareNumber)!;
      const passwordShare = share.passwordShares?.[turn.id - 1];
      snapshot.shares.turn = {
        shareNumber: turn.shareNumber,
        custodian: turn.custodian,
        id: turn.id,
        index: turnIndex + 1,
        of: turns.length,
        phase: turn.state.phase,
        ...(turn.state.phase === 'handover' && turn.state.leftBecause
          ? { leftBecause: turn.state.leftBecause }
          : {}),
        ...(turn.state.phase === 'in-hand' && passwordShare && share.plan.kind === 'password-split'
          ? {
              reveal: {
                prime: formatHexBytes(passwordShare.prime),
                id: passwordShare.id,
                value: formatHexBytes(passwordShare.value),
                checkWord: passwordShareCheckWord(
                  passwordShare.prime,
                  passwordShare.id,
                  passwordShare.value,
                ),
                threshold: share.plan.threshold,
                total: share.plan.custodians.length,
                fileName: share.plan.file.split(/[\\/]/).pop()!,
              },
            }
          : {}),
      };
    }
  }
  if (part.step === 'device')
    snapshot.device = {
      initialised: part.initialised,
      imported: [...part.imported],
      total: part.total,
      outstanding: part.outstanding,
      rehearsalKeys: [...part.rehearsalKeys],
      ...(part.kcv ? { kcv: part.kcv } : {}),
    };
  if (part.step === 'record') {
    const left = part.made.filter((share) => !part.imported.includes(share.plan.number));
    snapshot.record = {
      folder: part.folder.path,
      transcriptHead: part.folder.transcript.head,
      ...(part.kcv ? { kcv: part.kcv } : {}),
      ...(left.length > 0
        ? {
            outstanding: left.map((share) => ({
              number: share.plan.number,
              holders: holdersOf(share.plan),
              file: share.plan.file,
            })),
          }
        : {}),
    };
  }
  return snapshot;
}

export function withoutReveal(snapshot: DkekInitSnapshot): DkekInitSnapshot {
  const turn = snapshot.shares?.turn;
  if (!turn?.reveal) return snapshot;
  const { reveal: _hidden, ...rest } = turn;
  return { ...snapshot, shares: { ...snapshot.shares!, turn: rest } };
}

/** The current custodian's sheet as the page sees it (never the sheet itself). */
function sheetView(part: DkekInitPart, turnIndex: number) {
  if (part.step !== 'shares')
    return { sheets: false, sheetOpen: false, sheetPrinting: false, sheetPrinted: false };
  const sheet = part.sheet.state(turnIndex);
  return {
    sheets: sheet.available,
    sheetOpen: sheet.open,
    ...(sheet.view ? { sheetView: sheet.view } : {}),
    sheetPrinting: sheet.printing,
    sheetPrinted: sheet.printed,
    ...(sheet.pdfPath ? { sheetPdfPath: sheet.pdfPath } : {}),
  };
}
