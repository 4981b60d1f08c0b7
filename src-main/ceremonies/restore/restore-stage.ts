// Where a restore is, as one value per step (issue 13 item 2): each step's variant carries only
// what that step needs, so leaving a step drops its fields by construction — the collector of
// shares exists only in the shares step, the device run only in the device steps, the result
// only at the end. The secrets a step holds (the shares typed, the rebuilt wrap key, the
// application key's derived keys) are listed by `secretsHeld`, and `enterStage` wipes whatever
// the step left holds that the step entered does not carry on: the wipe hangs off the
// transition, not off a delete someone has to remember.

import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import type {
  Recombined,
  RestoreStepId,
  SecondaryCheck,
} from '../../../shared/ceremony/restore-snapshot';
import type { DeviceRecord } from '../../../shared/records/ceremony-record';
import { zeroize, type WrapSecret } from '../../secrets';
import { forgetCredential, type HeldCredential } from '../common/derived-credential';
import type { AcceptedShare, ShareCollector } from '../common/share-collection';
import type { RestoreDeviceResult, RestoreProgress } from './restore-device';
import type { LoadedSource } from './restore-source';

export interface AtKeyboard {
  index?: number;
  name: string;
}

export interface EntryRefusal {
  message: string;
  line?: number;
  position?: number;
}

/**
 * A custodian's turn at the restore, by phase of the shared custodian-turn table (its in-hand
 * phase is the entry form): who is at the keyboard, and main's last refusal of what they
 * entered, exist only while their turn lasts, so moving on drops them by construction.
 */
export type EntryTurn =
  | { readonly phase: 'handover'; readonly leftBecause?: LeaveReason }
  | { readonly phase: 'in-hand'; readonly atKeyboard: AtKeyboard; refusal?: EntryRefusal }
  | { readonly phase: 'cleared'; readonly atKeyboard: AtKeyboard };

export const FIRST_ENTRY_TURN: EntryTurn = Object.freeze({ phase: 'handover' });

/** The secondary that passed the check (factory-fresh, or a partial restore of this ceremony). */
export interface ChosenSecondary {
  readonly deviceId: string;
  readonly serial: number;
  readonly simulated: boolean;
}

/** One secondary restored earlier in this sitting (issue 12 item 4). */
export interface RestoredInSitting {
  readonly serial: number;
  readonly complete: boolean;
  readonly summary: string;
}

/**
 * What stays the same for every secondary restored in one sitting: the folder restored from,
 * how many secondaries the backup officer means to restore, and those already done.
 */
export interface Sitting {
  readonly source: LoadedSource;
  readonly planned: number;
  readonly restored: readonly RestoredInSitting[];
}

/**
 * The custodians' work once done: the rebuilt wrap key (zeroized when no step carries it on)
 * and what is said about it (check value, whose shares), plus the application key's password
 * as derived keys once given. Held from recombination until the last secondary of the sitting
 * no longer needs it.
 */
export interface RebuiltKey {
  readonly secret: WrapSecret;
  readonly recombined: Recombined;
  readonly shareNumbers: readonly number[];
  readonly accepted: readonly AcceptedShare[];
  readonly threshold: number;
  readonly format: ShareCollector['format'];
  /** The application key's password as derived keys, once given (replaced, never edited). */
  proof: HeldCredential | null;
}

/** The shares step while custodians take turns; `turn` counts turns from 1. */
export interface Collecting {
  readonly phase: 'collecting';
  readonly collector: ShareCollector;
  turn: number;
  custodianTurn: EntryTurn;
  /** After a failed recombination: what is wrong with the set, as sentences. */
  setProblems: string[];
}

/** The shares step once the key is rebuilt (or, for a later secondary of the sitting, carried). */
export interface KeyRebuilt {
  readonly phase: 'recombined';
  readonly turn: number;
  readonly key: RebuiltKey;
}

/** The device steps of one secondary: attempts, what the device said, progress so far. */
export interface DeviceRun {
  attempts: number;
  canRetry: boolean;
  /** The last run kept the factory key because the application key's password did not prove it. */
  passwordNeeded: boolean;
  readonly startedAt: Date;
  /** What the device steps did so far; null until the secondary first reports. */
  progress: RestoreProgress | null;
  /** The secondary as it answered at the last run (for the record); unknown until it answers. */
  device: DeviceRecord | null;
}

export type RestoreStage =
  | {
      readonly step: 'source';
      /** A folder chosen earlier, when the person came back to choose another. */
      readonly source: LoadedSource | null;
    }
  | {
      readonly step: 'secondary';
      readonly sitting: Sitting;
      readonly check: SecondaryCheck | null;
      /** A later secondary of the sitting: the key rebuilt for the first is carried on. */
      readonly key: RebuiltKey | null;
    }
  | {
      readonly step: 'shares';
      readonly sitting: Sitting;
      readonly secondary: ChosenSecondary;
      /** The check that admitted the secondary (shown again if the person goes back). */
      readonly check: SecondaryCheck;
      shares: Collecting | KeyRebuilt;
    }
  | {
      readonly step: 'device-steps';
      readonly sitting: Sitting;
      readonly secondary: ChosenSecondary;
      readonly key: RebuiltKey;
      readonly run: DeviceRun;
    }
  | {
      readonly step: 'finished';
      readonly sitting: Sitting;
      readonly secondary: ChosenSecondary;
      readonly recombined: Recombined;
      readonly result: RestoreDeviceResult;
      readonly attempts: number;
      /** More secondaries are to be restored in this sitting: the key is carried to the next. */
      readonly key: RebuiltKey | null;
      transcriptHead: string | null;
      kspHandoff: { summary: string; files: string[] } | null;
    };

export type StageAt<Step extends RestoreStepId> = Extract<RestoreStage, { step: Step }>;

/** The key a stage carries, whichever step it is. */
export function keyOf(stage: RestoreStage): RebuiltKey | null {
  switch (stage.step) {
    case 'source':
      return null;
    case 'shares':
      return stage.shares.phase === 'recombined' ? stage.shares.key : null;
    default:
      return stage.key;
  }
}

type Secret =
  | { readonly kind: 'shares'; readonly collector: ShareCollector }
  | { readonly kind: 'key'; readonly bytes: Uint8Array }
  | { readonly kind: 'password'; readonly credential: HeldCredential };

/** Every secret the stage holds: what must be wiped when nothing carries it on. */
export function secretsHeld(stage: RestoreStage): Secret[] {
  const held: Secret[] = [];
  if (stage.step === 'shares' && stage.shares.phase === 'collecting')
    held.push({ kind: 'shares', collector: stage.shares.collector });
  const key = keyOf(stage);
  if (key) {
    held.push({ kind: 'key', bytes: key.secret.key });
    if (key.proof) held.push({ kind: 'password', credential: key.proof });
  }
  return held;
}

function wipeSecret(secret: Secret): void {
  if (secret.kind === 'shares') secret.collector.forget();
  else if (secret.kind === 'key') zeroize(secret.bytes);
  else forgetCredential(secret.credential);
}

function same(a: Secret, b: Secret): boolean {
  if (a.kind === 'shares' && b.kind === 'shares') return a.collector === b.collector;
  if (a.kind === 'key' && b.kind === 'key') return a.bytes === b.bytes;
  if (a.kind === 'password' && b.kind === 'password') return a.credential === b.credential;
  return false;
}

/** Wipes what `from` holds and `to` does not carry on; answers `to`. */
export function enterStage<S extends RestoreStage>(from: RestoreStage, to: S): S {
  const kept = secretsHeld(to);
  for (const secret of secretsHeld(from))
    if (!kept.some((other) => same(secret, other))) wipeSecret(secret);
  return to;
}

/** Wipes every secret the stage holds (the restore stopped, ended or Custos quit). */
export function wipeStage(stage: RestoreStage): void {
  for (const secret of secretsHeld(stage)) wipeSecret(secret);
}

/** A new password for the application key: the one it replaces is wiped. */
export function replaceProof(key: RebuiltKey, proof: HeldCredential | null): void {
  if (key.proof) forgetCredential(key.proof);
  key.proof = proof;
}
