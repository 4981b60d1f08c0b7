// Handlers for the DKEK initialisation's channels (dkek-init/*): one line each into the engine,
// which checks the step, does the work and answers with the new snapshot. The plan the page
// draws becomes the engine's plan here: the `.pbe` files go where the plan says (each a full path
// the folder guard checked) or into the ceremony folder; plan files are chosen by main (the
// chooser), never named by the page; typed passwords become byte buffers the engine wipes once
// checked and copied.

import type { DkekPlanDraft } from '../../shared/ipc/dkek-init-channels';
import { ok } from '../../shared/ipc/result';
import type { DkekInitEngine } from '../ceremonies/dkek/init-engine';
import { resolvePlan, type ResolvedPlan } from '../ceremonies/dkek/plan-file';
import { draftAsPlan } from '../ceremonies/dkek/plan-shelf';
import type { Handlers } from './router';

export interface DkekInitServices {
  dkekInit: DkekInitEngine;
}

type DkekInitChannel = Extract<keyof Handlers, `dkek-init/${string}`>;

export function dkekInitHandlers(engine: DkekInitEngine): Pick<Handlers, DkekInitChannel> {
  return {
    'dkek-init/current': () => ok(engine.current()),
    'dkek-init/start': async ({ deviceId }) => ok(await engine.start(deviceId)),
    'dkek-init/confirm-reinitialise': async ({ serial, keys }) =>
      ok(await engine.confirmReinitialise(serial, keys)),
    'dkek-init/to-plan': async () => ok(await engine.toPlan()),
    'dkek-init/set-plan': async (request) => {
      const encoder = new TextEncoder();
      return ok(
        await engine.setPlan({
          plan: resolveDraft(request.plan, request.folder),
          folder: request.folder,
          soPin: request.soPin,
          soPinConfirmation: request.soPinConfirmation,
          pin: request.pin,
          pinConfirmation: request.pinConfirmation,
          passwords: request.passwords.map((entry) => ({
            shareNumber: entry.shareNumber,
            password: encoder.encode(entry.password),
            confirmation: encoder.encode(entry.confirmation),
          })),
        }),
      );
    },
    'dkek-init/load-plan': async ({ name }) => ok(await engine.loadPlan(name)),
    'dkek-init/save-plan': async ({ name, replace, plan }) =>
      ok(await engine.savePlan(name, replace, plan)),
    'dkek-init/list-plans': async () => ok(await engine.listPlans()),
    'dkek-init/to-shares': async () => ok(await engine.toShares()),
    'dkek-init/take-turn': async () => ok(await engine.takeTurn()),
    'dkek-init/open-sheet': async ({ paper }) => ok(await engine.openSheet(paper)),
    'dkek-init/print-sheet': async () => ok(await engine.printSheet()),
    'dkek-init/save-sheet-pdf': async () => ok(await engine.saveSheetPdf()),
    'dkek-init/close-sheet': async () => ok(await engine.closeSheet()),
    'dkek-init/leave-turn': async ({ reason }) => ok(await engine.leaveTurn(reason)),
    'dkek-init/turn-recorded': async () => ok(await engine.turnRecorded()),
    'dkek-init/confirm-turn': async ({ value }) => ok(await engine.confirmTurn(value)),
    'dkek-init/next-turn': async () => ok(await engine.nextTurn()),
    'dkek-init/prove-shares': async () => ok(await engine.proveShares()),
    'dkek-init/to-device': async () => ok(await engine.toDevice()),
    'dkek-init/initialise-device': async () => ok(await engine.initialiseDevice()),
    'dkek-init/import-next-share': async () => ok(await engine.importNextShare()),
    'dkek-init/finish': async ({ leaveOutstanding }) =>
      ok(await engine.finish(leaveOutstanding === undefined ? {} : { leaveOutstanding })),
    'dkek-init/cancel': async () => ok(await engine.cancel()),
    'dkek-init/close': async () => ok(await engine.close()),
  };
}

/** The page's plan, each share's `.pbe` where the page named it (the folder guard checked it) or in
 * the ceremony folder as dkek-share-<n>.pbe. */
export function resolveDraft(draft: DkekPlanDraft, folder: string): ResolvedPlan {
  return resolvePlan(draftAsPlan(draft), folder, folder);
}
