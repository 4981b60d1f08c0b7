// Where an initialization is, as one value per step (issue 13 item 2), the way the restore's
// stages are (restore/restore-stage.ts): each step's variant carries only what that step needs,
// so leaving a step drops its fields by construction — the primary's check only before the
// shares, the custodians' turns only in the shares step, the verification round only in its
// step, the device run only in the device steps, what the ceremony left only at the record.
// The secrets a step holds (the passwords typed at the plan, the wrap key, the shares, the
// verification round's points) are listed by `secretsHeld`, and `enterStage` wipes whatever
// the step left holds that the step entered does not carry on: the wipe hangs off the
// transition, not off a delete someone has to remember.

import type { InitStepId } from '../../../shared/ceremony/init-steps';
import type { ObjectSummary, PrimaryCheck } from '../../../shared/ceremony/init-snapshot';
import type { PlanProblem } from '../../../shared/ceremony/init-plan';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import type { DeviceIdentity } from '../common/device-access';
import type { DeviceRun } from './device-tasks';
import type { PlanDraft } from './plan-draft';
import type { PasswordStore } from './passwords';
import type { ResolvedPlan } from './resolved-plan';
import type { SerialFolder } from './serial-folder';
import type { ShareTurns } from './share-turns';
import type { TurnSheet } from './turn-sheet';
import type { VerificationRound } from './verification-round';
import type { WrapKeyMaterial } from './wrap-key-material';

/**
 * The plan as the administrator writes it, carried from preflight to the review and back (going
 * back to preflight keeps what was typed). The passwords are wiped once the device steps end.
 */
export interface Planning {
  draft: PlanDraft;
  folder: string | null;
  folderProblem: PlanProblem | null;
  readonly passwords: PasswordStore;
}

/** What preflight found on the primary it admitted (factory-fresh). */
export interface AdmittedPrimary {
  readonly check: PrimaryCheck;
  readonly primary: DeviceIdentity;
  readonly inventory: readonly ObjectInfo[];
}

/** What an ended ceremony shows on its record screen. */
export interface Finished {
  transcriptHead: string;
  readonly files: readonly string[];
  readonly inventory: readonly ObjectSummary[];
  readonly deviceAudit: string | null;
  kspHandoff: { summary: string; files: string[] } | null;
}

/**
 * From "Begin" to the end of the device steps: the fixed plan, the passwords the device steps
 * set, the wrap key (its shares are the turns' from "Begin"), and the ceremony folder.
 */
interface Made {
  readonly resolved: ResolvedPlan;
  readonly passwords: PasswordStore;
  readonly material: WrapKeyMaterial;
  readonly record: SerialFolder;
}

export type InitStage =
  | {
      readonly step: 'preflight';
      /** The device last chosen and what its check said; null until one is chosen. */
      check: PrimaryCheck | null;
      /** The device as it answered the check (null when it did not answer). */
      primary: DeviceIdentity | null;
      inventory: readonly ObjectInfo[];
      readonly planning: Planning;
      /**
       * The word the reset of a not-fresh primary asks for this attempt; main only, never in a
       * snapshot or the log (reset-word.ts). Leaving preflight drops it.
       */
      resetWord?: string;
    }
  | ({ readonly step: 'plan'; readonly planning: Planning } & AdmittedPrimary)
  | ({
      readonly step: 'review';
      readonly planning: Planning;
      readonly resolved: ResolvedPlan;
      readonly warnings: readonly PlanProblem[];
    } & AdmittedPrimary)
  | ({
      readonly step: 'shares';
      readonly turns: ShareTurns;
      /** The current custodian's share sheet. */
      readonly sheet: TurnSheet;
    } & Made)
  | ({ readonly step: 'verification'; readonly round: VerificationRound } & Made)
  | ({ readonly step: 'device-steps'; readonly run: DeviceRun } & Made)
  | {
      readonly step: 'record';
      readonly resolved: ResolvedPlan;
      readonly record: SerialFolder;
      readonly finished: Finished;
    };

export type StageAt<Step extends InitStepId> = Extract<InitStage, { step: Step }>;

/** The steps before "Begin", where the plan is still being written. */
export type Planned = StageAt<'preflight' | 'plan' | 'review'>;

/** The primary the ceremony is for, once known. */
export function primaryOf(stage: InitStage): DeviceIdentity | null {
  if (stage.step === 'preflight' || stage.step === 'plan' || stage.step === 'review')
    return stage.primary;
  return stage.resolved.primary;
}

/** The passwords typed at the plan, while any step still needs them. */
export function passwordsOf(stage: InitStage): PasswordStore | null {
  if (stage.step === 'record') return null;
  return 'planning' in stage ? stage.planning.passwords : stage.passwords;
}

/** The ceremony folder, from "Begin" on. */
export function recordOf(stage: InitStage): SerialFolder | null {
  return 'record' in stage ? stage.record : null;
}

type Secret =
  | { readonly kind: 'passwords'; readonly store: PasswordStore }
  | { readonly kind: 'key'; readonly material: WrapKeyMaterial }
  | { readonly kind: 'shares'; readonly turns: ShareTurns }
  | { readonly kind: 'round'; readonly round: VerificationRound };

/** Every secret the stage holds: what must be wiped when nothing carries it on. */
export function secretsHeld(stage: InitStage): Secret[] {
  const held: Secret[] = [];
  const passwords = passwordsOf(stage);
  if (passwords) held.push({ kind: 'passwords', store: passwords });
  if ('material' in stage) held.push({ kind: 'key', material: stage.material });
  if (stage.step === 'shares') held.push({ kind: 'shares', turns: stage.turns });
  if (stage.step === 'verification') held.push({ kind: 'round', round: stage.round });
  return held;
}

function wipeSecret(secret: Secret): void {
  switch (secret.kind) {
    case 'passwords':
      return secret.store.clear();
    case 'key':
      secret.material.key.fill(0);
      for (const share of secret.material.shares) share.fill(0);
      return;
    case 'shares':
      // Hidden first, so anything showing the share (its sheet) goes with it.
      secret.turns.hide('user');
      return secret.turns.dispose();
    case 'round':
      return secret.round.dispose();
  }
}

function holder(secret: Secret): object {
  switch (secret.kind) {
    case 'passwords':
      return secret.store;
    case 'key':
      return secret.material;
    case 'shares':
      return secret.turns;
    case 'round':
      return secret.round;
  }
}

/** Wipes what `from` holds and `to` does not carry on; answers `to`. */
export function enterStage<S extends InitStage>(from: InitStage, to: S): S {
  const kept = secretsHeld(to).map(holder);
  for (const secret of secretsHeld(from)) if (!kept.includes(holder(secret))) wipeSecret(secret);
  return to;
}

/** Wipes every secret the stage holds (the ceremony stopped, ended or Custos quit). */
export function wipeStage(stage: InitStage): void {
  for (const secret of secretsHeld(stage)) wipeSecret(secret);
}
