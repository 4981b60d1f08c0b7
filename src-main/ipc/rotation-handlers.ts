// Handlers for the rotation's channels (rotate/*): one line each, straight into the engine,
// which checks the step, does the work and answers with the new snapshot.

import { ok } from '../../shared/ipc/result';
import type { RotationEngine } from '../ceremonies/rotation/rotation-engine';
import type { Handlers } from './router';

export interface RotationServices {
  rotate: RotationEngine;
}

type RotationChannel = Extract<keyof Handlers, `rotate/${string}`>;

export function rotationHandlers(rotate: RotationEngine): Pick<Handlers, RotationChannel> {
  return {
    'rotate/current': () => ok(rotate.current()),
    'rotate/start': async () => ok(await rotate.start()),
    'rotate/choose-folder': async ({ folder }) => ok(await rotate.chooseFolder(folder)),
    'rotate/set-rotation-key': async ({ password, authKeyId }) =>
      ok(await rotate.setRotationKey(password, authKeyId)),
    'rotate/set-audit-key': async ({ password, authKeyId }) =>
      ok(await rotate.setAuditKey(password, authKeyId)),
    'rotate/to-shares': async () => ok(await rotate.toShares()),
    'rotate/back': async () => ok(await rotate.back()),
    'rotate/begin-turn': async ({ custodian }) => ok(await rotate.beginTurn(custodian)),
    'rotate/submit-share': async ({ entry }) => ok(await rotate.submitShare(entry)),
    'rotate/abandon-turn': async ({ reason }) => ok(await rotate.abandonTurn(reason)),
    'rotate/next-custodian': async () => ok(await rotate.nextCustodian()),
    'rotate/make-new-shares': async ({ deviceId }) => ok(await rotate.makeNewShares(deviceId)),
    'rotate/resume-devices': async () => ok(await rotate.resumeDevices()),
    'rotate/reveal-share': async () => ok(await rotate.revealShare()),
    'rotate/hide-share': async ({ reason }) => ok(await rotate.hideShare(reason)),
    'rotate/still-here': async () => ok(await rotate.stillHere()),
    'rotate/share-recorded': async () => ok(await rotate.shareRecorded()),
    'rotate/confirm-share': async ({ entries }) => ok(await rotate.confirmShare(entries)),
    'rotate/run-device': async ({ deviceId }) => ok(await rotate.runDevice(deviceId)),
    'rotate/cancel': async () => ok(await rotate.cancel()),
    'rotate/close': async () => ok(await rotate.close()),
  };
}
