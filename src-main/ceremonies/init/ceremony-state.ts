// Everything main holds about one running initialization, and the snapshot the renderer gets
// of it (shared/ceremony/init-snapshot.ts). The snapshot is built fresh from this state every
// time, so it can only show what the contract names; a share appears only in the reveal phase
// of its own custodian's turn, and never in an event.

import type { InitStepId } from '../../../shared/ceremony/init-steps';
import type {
  InitSnapshot,
  InitView,
  NetworkCheck,
  ObjectSummary,
  PrimaryCheck,
} from '../../../shared/ceremony/init-snapshot';
import type { PlanProblem } from '../../../shared/ceremony/init-plan';
import type { WizardState } from '../../../shared/ceremony/wizard';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import type { DeviceRun } from './device-tasks';
import type { DeviceIdentity } from '../common/device-access';
import { evaluateDraft, type DraftEvaluation, type PlanDraft } from './plan-draft';
import type { PasswordStore } from './passwords';
import type { ResolvedPlan } from './resolved-plan';
import { reviewSections } from './review';
import type { SerialFolder } from './serial-folder';
import type { ShareTurns } from './share-turns';
import type { TurnSheet } from './turn-sheet';
import type { VerificationRound } from './verification-round';
import type { WrapKeyMaterial } from './wrap-key-material';
import { airGapView, type CeremonyAirGap } from '../common/air-gap';

export interface Problem {
  field?: string;
  message: string;
}

export interface Ceremony {
  id: string;
  wizard: WizardState<InitStepId>;
  network: NetworkCheck;
  /**
   * The air-gap survey EngineCore took at preflight; written to the transcript when the folder
   * exists (engine-shares.ts), and the end's beside it (engine-device-steps.ts).
   */
  airGap?: CeremonyAirGap;
  primaryCheck?: PrimaryCheck;
  /** The word the reset of a not-fresh primary asks for this attempt; main only (reset-word.ts). */
  resetWord?: string;
  primary?: DeviceIdentity;
  /** What preflight found on the primary. */
  inventory: ObjectInfo[];
  draft: PlanDraft;
  folder?: string;
  folderProblem?: PlanProblem;
  passwords: PasswordStore;
  resolved?: ResolvedPlan;
  reviewWarnings: PlanProblem[];
  /** The wrap key, from "Begin" until it is on the device. */
  material?: WrapKeyMaterial;
  record?: SerialFolder;
  turns?: ShareTurns;
  /** The current custodian's share sheet (from "Begin", like the turns). */
  sheet?: TurnSheet;
  verification?: VerificationRound;
  run?: DeviceRun;
  finished?: {
    transcriptHead: string;
    files: string[];
    inventory: ObjectSummary[];
    deviceAudit?: string;
    kspHandoff?: { summary: string; files: string[] };
  };
  busy?: string;
  problem?: Problem;
  stopped?: NonNullable<InitSnapshot['stopped']>;
}

export function evaluate(ceremony: Ceremony): DraftEvaluation {
  return evaluateDraft(ceremony.draft, {
    simulated: ceremony.primary?.simulated ?? false,
    inventory: ceremony.inventory,
    passwords: ceremony.passwords,
    folder: ceremony.folder,
    folderProblem: ceremony.folderProblem,
  });
}

export function buildSnapshot(ceremony: Ceremony, includeShare: boolean): InitSnapshot {
  const { wizard, primary } = ceremony;
  const problem =
    ceremony.problem ??
    (ceremony.wizard.current === 'device-steps' ? ceremony.run?.problem : undefined);
  return {
    ceremonyId: ceremony.id,
    ...airGapView(ceremony.airGap),
    rehearsal: primary?.simulated ?? false,
    steps: { current: wizard.current, done: [...wizard.done], skipped: [...wizard.skipped] },
    ...(primary
      ? { primary: { deviceId: primary.id, serial: primary.serial, simulated: primary.simulated } }
      : {}),
    view: buildView(ceremony, includeShare),
    ...(ceremony.busy ? { busy: ceremony.busy } : {}),
    ...(problem ? { problem } : {}),
    ...(ceremony.stopped ? { stopped: ceremony.stopped } : {}),
  };
}

function buildView(ceremony: Ceremony, includeShare: boolean): InitView {
  switch (ceremony.wizard.current) {
    case 'preflight':
      return {
        step: 'preflight',
        network: ceremony.network,
        ...(ceremony.primaryCheck ? { primary: ceremony.primaryCheck } : {}),
      };
    case 'plan': {
      const evaluation = evaluate(ceremony);
      return {
        step: 'plan',
        plan: ceremony.draft,
        errors: evaluation.errors,
        warnings: evaluation.warnings,
        passwords: {
          application: ceremony.passwords.has('application'),
          audit: ceremony.passwords.has('audit'),
        },
        ...(ceremony.folder ? { folder: ceremony.folder } : {}),
      };
    }
    case 'review': {
      const resolved = ceremony.resolved!;
      return {
        step: 'review',
        sections: reviewSections(resolved),
        warnings: ceremony.reviewWarnings,
        folder: resolved.folder,
      };
    }
    case 'shares': {
      const turns = ceremony.turns!;
      const view = turns.view(includeShare && !ceremony.stopped);
      const sheet = ceremony.sheet;
      if (!sheet) return view;
      return {
        ...view,
        sheet: sheet.state(turns.index),
        scanBack: { available: view.phase === 'confirm' && sheet.wasPrinted(turns.index) },
      };
    }
    case 'verification':
      return ceremony.verification!.view();
    case 'device-steps': {
      const run = ceremony.run!;
      return {
        step: 'device-steps',
        tasks: run.tasks.map((task) => ({ ...task })),
        deviceState: run.deviceState(),
        canRetry: run.canRetry && !ceremony.stopped,
      };
    }
    case 'record': {
      const finished = ceremony.finished!;
      return {
        step: 'record',
        folder: ceremony.record!.path,
        kcv: ceremony.record!.record.wrapKey!.kcv,
        transcriptHead: finished.transcriptHead,
        inventory: finished.inventory,
        files: finished.files,
        ...(finished.deviceAudit ? { deviceAudit: finished.deviceAudit } : {}),
        ...(finished.kspHandoff ? { kspHandoff: finished.kspHandoff } : {}),
      };
    }
  }
}
