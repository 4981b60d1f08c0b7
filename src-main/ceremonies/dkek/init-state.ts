// Main's state of one DKEK initialisation: the core's fields plus one discriminated part per
// step (STYLE.md: per-step state as a union), so what the share step holds (password shares,
// opened shares) cannot be read at a step that should not have it.

import type { TurnState } from '../../../shared/ceremony/custodian-turn';
import type { DerivationView } from '../../../shared/ceremony/dkek-init-snapshot';
import type { DkekInitStepId } from '../../../shared/ceremony/dkek-init-steps';
import type { CoreState } from '../common/engine-core';
import type { DevicePreflight } from './device';
import type { ResolvedPlan } from './plan-file';
import type { DkekCeremonyFolder } from './record';
import type { MadeShare, ProvenSet } from './share-set';
import type { TurnSheet } from '../init/turn-sheet';

export interface Credentials {
  soPin: string;
  pin: string;
  /** Typed passwords of the password shares, by share number; wiped once the files are made. */
  passwords: Map<number, Uint8Array>;
}

export interface Turn {
  shareNumber: number;
  custodian: string;
  /** The password share ID (x), 1..n. */
  id: number;
  state: TurnState;
}

export interface Planned {
  plan: ResolvedPlan;
  folder: DkekCeremonyFolder;
  credentials: Credentials;
}

export type DkekInitPart =
  | { step: 'preflight' }
  | ({ step: 'plan' } & Partial<Planned>)
  | ({
      step: 'shares';
      made: MadeShare[];
      turns: Turn[];
      turnIndex: number;
      /** The current custodian's printed sheet, when the plan prints them (init's TurnSheet). */
      sheet: TurnSheet;
      proven?: ProvenSet;
    } & Planned)
  | ({
      step: 'device';
      made: MadeShare[];
      /** Absent for none and random. */
      proven?: ProvenSet;
      initialised: boolean;
      imported: number[];
      total: number;
      outstanding: number;
      kcv?: string;
      rehearsalKeys: string[];
    } & Planned)
  | {
      step: 'record';
      folder: DkekCeremonyFolder;
      made: MadeShare[];
      kcv?: string;
      rehearsalKeys: string[];
      imported: number[];
      total: number;
    };

export interface DkekInitState extends CoreState<DkekInitStepId> {
  deviceId: string;
  preflight: DevicePreflight;
  reinitialiseConfirmed: boolean;
  /** A simulated device: a rehearsal (two rehearsal keys are made at the end). */
  rehearsal: boolean;
  part: DkekInitPart;
  progress?: DerivationView;
  startedAt: string;
  deviceTouched: boolean;
}
