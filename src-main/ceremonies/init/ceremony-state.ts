// Everything main holds about one running initialization, and the snapshot the renderer gets
// of it (shared/ceremony/init-snapshot.ts). What a step holds lives in its variant of
// `InitStage` (ceremony-stage.ts). The snapshot is built fresh from this state every
// time, so it can only show what the contract names; a share appears only in the reveal phase
// of its own custodian's turn, and never in an event.

import type { InitStepId } from '../../../shared/ceremony/init-steps';
import type { InitSnapshot, InitView, NetworkCheck } from '../../../shared/ceremony/init-snapshot';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { airGapView } from '../common/air-gap';
import type { CoreState } from '../common/engine-core';
import { primaryOf, type InitStage, type Planned, type StageAt } from './ceremony-stage';
import { evaluateDraft, type DraftEvaluation } from './plan-draft';
import { reviewSections } from './review';

/** The ceremony: the core's fields (busy, problem, stopped, finished) and where it is. */
export interface Ceremony extends CoreState<InitStepId> {
  readonly id: string;
  wizard: WizardState<InitStepId>;
  readonly network: NetworkCheck;
  /** Where the ceremony is; its `step` is always `wizard.current`. */
  at: InitStage;
}

/** The ceremony's stage at `step`; the engine checked the step before (a mismatch is a bug). */
export function stageOf<Step extends InitStepId>(ceremony: Ceremony, step: Step): StageAt<Step> {
  const stage = ceremony.at;
  if (stage.step !== step) throw new Error(`the ceremony is at ${stage.step}, not at ${step}`);
  return stage as StageAt<Step>;
}

export function evaluate(stage: Planned): DraftEvaluation {
  const { planning } = stage;
  return evaluateDraft(planning.draft, {
    simulated: stage.primary?.simulated ?? false,
    inventory: stage.inventory,
    passwords: planning.passwords,
    folder: planning.folder ?? undefined,
    folderProblem: planning.folderProblem ?? undefined,
  });
}

export function buildSnapshot(ceremony: Ceremony, includeShare: boolean): InitSnapshot {
  const { wizard, at } = ceremony;
  const primary = primaryOf(at);
  const problem = ceremony.problem ?? (at.step === 'device-steps' ? at.run.problem : undefined);
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
  const stage = ceremony.at;
  switch (stage.step) {
    case 'preflight':
      return {
        step: 'preflight',
        network: ceremony.network,
        ...(stage.check ? { primary: stage.check } : {}),
      };
    case 'plan': {
      const evaluation = evaluate(stage);
      const { planning } = stage;
      return {
        step: 'plan',
        plan: planning.draft,
        errors: evaluation.errors,
        warnings: evaluation.warnings,
        passwords: {
          application: planning.passwords.has('application'),
          audit: planning.passwords.has('audit'),
        },
        ...(planning.folder ? { folder: planning.folder } : {}),
      };
    }
    case 'review':
      return {
        step: 'review',
        sections: reviewSections(stage.resolved),
        warnings: [...stage.warnings],
        folder: stage.resolved.folder,
      };
    case 'shares': {
      const { turns, sheet } = stage;
      const view = turns.view(includeShare && !ceremony.stopped);
      return {
        ...view,
        sheet: sheet.state(turns.index),
        scanBack: { available: view.phase === 'confirm' && sheet.wasPrinted(turns.index) },
      };
    }
    case 'verification':
      return stage.round.view();
    case 'device-steps': {
      const { run } = stage;
      return {
        step: 'device-steps',
        tasks: run.tasks.map((task) => ({ ...task })),
        deviceState: run.deviceState(),
        canRetry: run.canRetry && !ceremony.stopped,
      };
    }
    case 'record': {
      const { finished, record } = stage;
      return {
        step: 'record',
        folder: record.path,
        kcv: record.record.wrapKey!.kcv,
        transcriptHead: finished.transcriptHead,
        inventory: [...finished.inventory],
        files: [...finished.files],
        ...(finished.deviceAudit !== null ? { deviceAudit: finished.deviceAudit } : {}),
        ...(finished.kspHandoff ? { kspHandoff: finished.kspHandoff } : {}),
      };
    }
  }
}
