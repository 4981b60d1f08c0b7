// Handlers for the restore's channels (restore/*): one line each, straight into the engine,
// which checks the step, does the work and answers with the new snapshot.

import { ok } from '../../shared/ipc/result';
import type { RestoreEngine } from '../ceremonies/restore/restore-engine';
import type { Handlers } from './router';

export interface RestoreServices {
  restore: RestoreEngine;
}

type RestoreChannel = Extract<keyof Handlers, `restore/${string}`>;

export function restoreHandlers(restore: RestoreEngine): Pick<Handlers, RestoreChannel> {
  return {
    'restore/current': () => ok(restore.current()),
    'restore/start': async () => ok(await restore.start()),
    'restore/choose-folder': async ({ folder }) => ok(await restore.chooseFolder(folder)),
    'restore/choose-secondary': async ({ deviceId }) => ok(await restore.chooseSecondary(deviceId)),
    'restore/plan-secondaries': async ({ count }) => ok(await restore.planSecondaries(count)),
    'restore/next-secondary': async () => ok(await restore.nextSecondary()),
    'restore/back': async () => ok(await restore.back()),
    'restore/to-shares': async () => ok(await restore.toShares()),
    'restore/begin-turn': async ({ custodian }) => ok(await restore.beginTurn(custodian)),
    'restore/submit-share': async ({ entry }) => ok(await restore.submitShare(entry)),
    'restore/abandon-turn': async ({ reason }) => ok(await restore.abandonTurn(reason)),
    'restore/next-custodian': async () => ok(await restore.nextCustodian()),
    'restore/set-application-key': async ({ password, authKeyId }) =>
      ok(await restore.setApplicationKey(password, authKeyId)),
    'restore/run-device-steps': async () => ok(await restore.runDeviceSteps()),
    'restore/cancel': async () => ok(await restore.cancel()),
    'restore/close': async () => ok(await restore.close()),
    'restore/write-ksp-handoff': async ({ connectorUrl }) =>
      ok(await restore.writeKspHandoff(connectorUrl)),
  };
}
