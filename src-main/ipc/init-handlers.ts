// Handlers for the initialization ceremony's channels (init/*): one line each, straight into
// the engine, which checks the step, does the work and answers with the new snapshot. Out of
// order intents throw IpcFailure('conflict', …), which the router turns into a Result.

import { ok } from '../../shared/ipc/result';
import type { InitEngine } from '../ceremonies/init/init-engine';
import type { Handlers } from './router';

export interface InitServices {
  init: InitEngine;
}

type InitChannel = Extract<keyof Handlers, `init/${string}`>;

export function initHandlers(init: InitEngine): Pick<Handlers, InitChannel> {
  return {
    'init/current': () => ok(init.current()),
    'init/start': async () => ok(await init.start()),
    'init/choose-primary': async ({ deviceId }) => ok(await init.choosePrimary(deviceId)),
    'init/reset-primary': async ({ deviceId, confirmation }) =>
      ok(await init.resetPrimary(deviceId, confirmation)),
    'init/to-plan': async () => ok(await init.toPlan()),
    'init/update-plan': async ({ plan }) => ok(await init.updatePlan(plan)),
    'init/set-password': async ({ key, password, confirmation }) =>
      ok(await init.setPassword(key, password, confirmation)),
    'init/set-folder': async ({ folder }) => ok(await init.setFolder(folder)),
    'init/load-plan': async ({ name }) => ok(await init.loadPlan(name)),
    'init/save-plan': async ({ name, replace }) => ok(await init.savePlan(name, replace)),
    'init/list-plans': async () => ok(await init.listPlans()),
    'init/write-script': async ({ path }) => ok(await init.writeScript(path)),
    'init/to-review': async () => ok(await init.toReview()),
    'init/back': async () => ok(await init.back()),
    'init/begin': async () => ok(await init.begin()),
    'init/reveal-share': async () => ok(await init.revealShare()),
    'init/hide-share': async ({ reason }) => ok(await init.hideShare(reason)),
    'init/still-here': async ({ extended }) => ok(await init.stillHere(extended)),
    'init/share-recorded': async () => ok(await init.shareRecorded()),
    'init/confirm-share': async ({ entries }) => ok(await init.confirmShare(entries)),
    'init/next-custodian': async () => ok(await init.nextCustodian()),
    'init/open-sheet': async ({ paper }) => ok(await init.openSheet(paper)),
    'init/print-sheet': async () => ok(await init.printSheet()),
    'init/save-sheet-pdf': async () => ok(await init.saveSheetPdf()),
    'init/close-sheet': async () => ok(await init.closeSheet()),
    'init/scan-back': async ({ text }) => ok(await init.scanBack(text)),
    'init/enter-verification-share': async ({ text }) =>
      ok(await init.enterVerificationShare(text)),
    'init/run-device-steps': async () => ok(await init.runDeviceSteps()),
    'init/cancel': async () => ok(await init.cancel()),
    'init/close': async () => ok(await init.close()),
    'init/write-ksp-handoff': async ({ connectorUrl }) =>
      ok(await init.writeKspHandoff(connectorUrl)),
  };
}
