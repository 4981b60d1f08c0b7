// Everything main holds about one reshare, step by step (a union: what belongs to a step exists
// only while the ceremony is at it), and the snapshot built from it. The rebuilt wrap key lives
// from the recombination until the new shares are made; each new share from its making until
// its custodian's turn is confirmed (init's ShareTurns owns them).

import {
  OLD_SHARES_STILL_WORK,
  type ReshareSnapshot,
  type ReshareStepId,
  type ReshareView,
} from '../../../shared/ceremony/audit-snapshot';
import type { PlanProblem } from '../../../shared/ceremony/init-plan';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import type { ShareCommitment, WrapPolicy, WrapSecret } from '../../secrets';
import type { CoreState } from '../common/engine-core';
import type { ShareEntryTurns } from '../common/share-entry';
import type { ShareTurns } from '../init/share-turns';
import type { TurnSheet } from '../init/turn-sheet';
import type { VerificationRound } from '../init/verification-round';
import { describeShareCeremony } from '../audit/share-ceremony';
import type { ResolvedReshare } from './reshare-plan';
import type { ReshareFacts } from './reshare-record';

export interface Rebuilt {
  secret: WrapSecret;
  kcv: string;
  used: number[];
}

/** The new set once made: what the record gets, and which new shares were shown. */
export interface NewSet {
  facts: ReshareFacts;
  commitments: ShareCommitment[];
  /** The wrap key's id, domains and capabilities (not the key): the verification round checks them. */
  policy: WrapPolicy;
}

export type ReshareStage =
  | { readonly step: 'source' }
  | {
      readonly step: 'plan';
      readonly folder: CeremonyFolder;
      plan?: ResolvedReshare;
      errors: PlanProblem[];
    }
  | {
      readonly step: 'old-shares';
      readonly folder: CeremonyFolder;
      readonly plan: ResolvedReshare;
      readonly entry: ShareEntryTurns;
      rebuilt?: Rebuilt;
    }
  | {
      readonly step: 'new-shares';
      readonly folder: CeremonyFolder;
      readonly plan: ResolvedReshare;
      readonly set: NewSet;
      readonly turns: ShareTurns;
      /** The current new custodian's share sheet (init's, made from the record with the new set). */
      readonly sheet: TurnSheet;
    }
  | {
      readonly step: 'verification';
      readonly folder: CeremonyFolder;
      readonly plan: ResolvedReshare;
      readonly set: NewSet;
      readonly round: VerificationRound;
    }
  | {
      readonly step: 'finished';
      readonly folder: CeremonyFolder;
      readonly plan: ResolvedReshare;
      readonly set: NewSet;
    };

export interface ReshareState extends CoreState<ReshareStepId> {
  stage: ReshareStage;
}

/** Wipes what the stage holds: shares entered, the rebuilt key, new shares not yet confirmed. */
export function wipeStage(stage: ReshareStage): void {
  if (stage.step === 'old-shares') {
    stage.entry.forget();
    stage.rebuilt?.secret.key.fill(0);
    delete stage.rebuilt;
  }
  if (stage.step === 'new-shares') {
    stage.sheet.closeView();
    stage.turns.dispose();
  }
  if (stage.step === 'verification') stage.round.dispose();
}

function buildView(stage: ReshareStage, includeShare: boolean): ReshareView {
  switch (stage.step) {
    case 'source':
      return { step: 'source' };
    case 'plan':
      return {
        step: 'plan',
        ...(stage.plan
          ? {
              plan: {
                custodians: [...stage.plan.custodians],
                threshold: stage.plan.threshold,
                shareFormat: stage.plan.format,
                shareConfirmation: stage.plan.confirmation,
                verificationRound: stage.plan.verificationRound,
              },
            }
          : {}),
        errors: stage.errors.map((e) => ({ ...e })),
      };
    case 'old-shares':
      return {
        step: 'old-shares',
        ...stage.entry.view(),
        ...(stage.rebuilt
          ? { recombined: { kcv: stage.rebuilt.kcv, used: [...stage.rebuilt.used] } }
          : {}),
      };
    case 'new-shares': {
      const { turns, sheet } = stage;
      const view = turns.view(includeShare);
      return {
        step: 'new-shares',
        turns: {
          ...view,
          sheet: sheet.state(turns.index),
          scanBack: { available: view.phase === 'confirm' && sheet.wasPrinted(turns.index) },
        },
      };
    }
    case 'verification':
      return { step: 'verification', round: stage.round.view() };
    case 'finished':
      return {
        step: 'finished',
        summary: `The wrap key (check value ${stage.set.facts.kcv}) is now split ${stage.plan.threshold}-of-${stage.plan.custodians.length} among the new custodians; the record marks the old set superseded.`,
        kcv: stage.set.facts.kcv,
        threshold: stage.plan.threshold,
        custodians: stage.plan.custodians.map((name, i) => ({ index: i + 1, name })),
        oldSharesStillWork: OLD_SHARES_STILL_WORK,
        transcriptHead: stage.folder.transcript.head,
      };
  }
}

/** `includeShare`: an answer to the new custodian's own reveal; events never carry the share. */
export function buildReshareSnapshot(state: ReshareState, includeShare: boolean): ReshareSnapshot {
  const stage = state.stage;
  const folder = stage.step === 'source' ? undefined : stage.folder;
  return {
    ceremonyId: state.id,
    rehearsal: folder?.record.rehearsal ?? false,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(folder ? { ceremony: describeShareCeremony(folder) } : {}),
    oldSharesStillWork: OLD_SHARES_STILL_WORK,
    view: buildView(stage, includeShare && !state.stopped),
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
  };
}
