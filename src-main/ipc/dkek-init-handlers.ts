// Handlers for the DKEK initialisation's channels (dkek-init/*): one line each into the engine,
// which checks the step, does the work and answers with the new snapshot. The plan the page
// draws becomes the engine's plan here: the `.pbe` files go into the ceremony folder (which the
// folder guard checked), so the page never names a file; typed passwords become byte buffers the
// engine wipes once checked and copied.

import { join } from 'node:path';
import type { DkekPlanDraft } from '../../shared/ipc/dkek-init-channels';
import { ok } from '../../shared/ipc/result';
import type { DkekInitEngine } from '../ceremonies/dkek/init-engine';
import {
  DkekPlanSchema,
  type ResolvedPlan,
  type ResolvedShare,
} from '../ceremonies/dkek/plan-file';
import { Refusal } from '../refusal/refusal';
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
    'dkek-init/to-shares': async () => ok(await engine.toShares()),
    'dkek-init/take-turn': async () => ok(await engine.takeTurn()),
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

/** The page's plan with each share's `.pbe` in the ceremony folder (dkek-share-<n>.pbe). */
export function resolveDraft(draft: DkekPlanDraft, folder: string): ResolvedPlan {
  const shares = draft.mode === 'shares' ? draft.shares : [];
  // The same rules as a plan file (a split's threshold within its custodians, mode shares with
  // at least one share), each said as a sentence the plan screen shows.
  const checked = DkekPlanSchema.safeParse({
    ceremony: draft.ceremony,
    pinRetries: draft.pinRetries,
    dkek: { mode: draft.mode, ...(shares.length > 0 ? { shares } : {}) },
  });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const where = issue.path.join('.');
    throw new Refusal(
      'invalid-input',
      where === 'dkek.shares'
        ? 'Mode "shares" needs at least one share; add a share, or choose another mode.'
        : `${fieldWords(where)}: ${issue.message}. Correct it and set the plan again.`,
    );
  }
  return {
    ceremony: draft.ceremony,
    pinRetries: draft.pinRetries,
    mode: draft.mode,
    shares: shares.map((share, index): ResolvedShare => {
      const number = index + 1;
      const file = join(folder, `dkek-share-${number}.pbe`);
      return 'custodian' in share
        ? { number, kind: 'password', custodian: share.custodian, file }
        : {
            number,
            kind: 'password-split',
            custodians: share.custodians,
            threshold: share.threshold,
            file,
          };
    }),
  };
}

/** "dkek.shares.1.threshold" as the plan screen names it: "Share 2: how many custodians open it". */
function fieldWords(path: string): string {
  const share = /^dkek\.shares\.(\d+)\.?(\w*)/.exec(path);
  if (share) {
    const number = Number(share[1]) + 1;
    const field: Record<string, string> = {
      custodian: 'custodian',
      custodians: 'custodians (3 to 9)',
      threshold: 'how many custodians open it (2 up to the number of custodians)',
    };
    return `Share ${number}: ${field[share[2] ?? ''] ?? 'its holders'}`;
  }
  if (path === 'ceremony') return 'The ceremony name (1 to 120 characters)';
  if (path === 'pinRetries') return 'The PIN retry counter (1 to 10)';
  return `The plan's ${path}`;
}
