// The plan form's state and the plan it stands for, both ways: what the page sends (set-plan,
// save-plan) and what a loaded plan file fills in. Pure, so the round trip is tested without a
// page. PINs and passwords are in the form only; a plan never carries one, and a loaded plan
// leaves every password field empty to be typed twice.

import type { DkekPlanDraft } from '../../../shared/ipc/dkek-init-channels';

export type Mode = DkekPlanDraft['mode'];
export type ShareDraft =
  | { kind: 'password'; custodian: string; password: string; confirmation: string; file: string }
  | { kind: 'split'; custodians: string; threshold: string; file: string };

export interface PlanFormFields {
  ceremony: string;
  retries: string;
  mode: Mode;
  printSheets: boolean;
  shares: ShareDraft[];
}

/** The plan on screen as the page sends it (no PIN, no password). */
export function draftOf(form: PlanFormFields): DkekPlanDraft {
  return {
    ceremony: form.ceremony,
    pinRetries: count(form.retries),
    mode: form.mode,
    printSheets: form.printSheets,
    shares:
      form.mode === 'shares'
        ? form.shares.map((share) => {
            const file = share.file.trim() ? { file: share.file.trim() } : {};
            return share.kind === 'password'
              ? { custodian: share.custodian, ...file }
              : {
                  custodians: share.custodians
                    .split(',')
                    .map((name) => name.trim())
                    .filter(Boolean),
                  threshold: count(share.threshold),
                  ...file,
                };
          })
        : [],
  };
}

/** A loaded plan as the form shows it; every password field empty, to be typed twice. */
export function formOf(plan: DkekPlanDraft): PlanFormFields {
  return {
    ceremony: plan.ceremony,
    retries: String(plan.pinRetries),
    mode: plan.mode,
    printSheets: plan.printSheets,
    shares: plan.shares.map((share): ShareDraft =>
      'custodian' in share
        ? {
            kind: 'password',
            custodian: share.custodian,
            password: '',
            confirmation: '',
            file: share.file ?? '',
          }
        : {
            kind: 'split',
            custodians: share.custodians.join(', '),
            threshold: String(share.threshold),
            file: share.file ?? '',
          },
    ),
  };
}

/** A typed count; what is not a whole number goes as 0, which main names as out of range. */
function count(typed: string): number {
  const value = Number(typed.trim());
  return Number.isInteger(value) && value >= 0 && value <= 99 ? value : 0;
}
