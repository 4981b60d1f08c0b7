// Handlers for the share audit's (audit/*) and the reshare's (reshare/*) channels: one line
// each, straight into the engine. Ceremony folders are checked by the folder guard first.

import { ok } from '../../shared/ipc/result';
import type { AuditEngine } from '../ceremonies/audit/audit-engine';
import type { ReshareEngine } from '../ceremonies/reshare/reshare-engine';
import type { Handlers } from './router';

export interface AuditServices {
  audit: AuditEngine;
  reshare: ReshareEngine;
}

type AuditChannel = Extract<keyof Handlers, `audit/${string}` | `reshare/${string}`>;

export function auditHandlers({ audit, reshare }: AuditServices): Pick<Handlers, AuditChannel> {
  return {
    'audit/current': () => ok(audit.current()),
    'audit/start': async () => ok(await audit.start()),
    'audit/choose-folder': async ({ folder }) => ok(await audit.chooseFolder(folder)),
    'audit/back': async () => ok(await audit.back()),
    'audit/begin-turn': async ({ custodian }) => ok(await audit.beginTurn(custodian)),
    'audit/submit-share': async ({ entry }) => ok(await audit.submitShare(entry)),
    'audit/abandon-turn': async ({ reason }) => ok(await audit.abandonTurn(reason)),
    'audit/next-custodian': async () => ok(await audit.nextCustodian()),
    'audit/cancel': async () => ok(await audit.cancel()),
    'audit/close': async () => ok(await audit.close()),
    'reshare/current': () => ok(reshare.current()),
    'reshare/start': async () => ok(await reshare.start()),
    'reshare/choose-folder': async ({ folder }) => ok(await reshare.chooseFolder(folder)),
    'reshare/set-plan': async ({ plan }) => ok(await reshare.setPlan(plan)),
    'reshare/to-old-shares': async () => ok(await reshare.toOldShares()),
    'reshare/back': async () => ok(await reshare.back()),
    'reshare/begin-turn': async ({ custodian }) => ok(await reshare.beginTurn(custodian)),
    'reshare/submit-share': async ({ entry }) => ok(await reshare.submitShare(entry)),
    'reshare/abandon-turn': async ({ reason }) => ok(await reshare.abandonTurn(reason)),
    'reshare/next-custodian': async () => ok(await reshare.nextCustodian()),
    'reshare/split-again': async () => ok(await reshare.splitAgain()),
    'reshare/reveal-share': async () => ok(await reshare.revealShare()),
    'reshare/hide-share': async ({ reason }) => ok(await reshare.hideShare(reason)),
    'reshare/still-here': async () => ok(await reshare.stillHere()),
    'reshare/share-recorded': async () => ok(await reshare.shareRecorded()),
    'reshare/confirm-share': async ({ entries }) => ok(await reshare.confirmShare(entries)),
    'reshare/next-new-custodian': async () => ok(await reshare.nextNewCustodian()),
    'reshare/open-sheet': async ({ paper }) => ok(await reshare.openSheet(paper)),
    'reshare/print-sheet': async () => ok(await reshare.printSheet()),
    'reshare/save-sheet-pdf': async () => ok(await reshare.saveSheetPdf()),
    'reshare/close-sheet': async () => ok(await reshare.closeSheet()),
    'reshare/scan-back': async ({ text }) => ok(await reshare.scanBack(text)),
    'reshare/enter-verification-share': async ({ text }) =>
      ok(await reshare.enterVerificationShare(text)),
    'reshare/next-verification': async () => ok(await reshare.nextVerification()),
    'reshare/cancel': async () => ok(await reshare.cancel()),
    'reshare/close': async () => ok(await reshare.close()),
  };
}
