// Everything main holds about one running restore, and the snapshot the renderer gets of it
// (shared/ceremony/restore-snapshot.ts). The snapshot is built fresh from this state each time:
// share numbers, custodian names and sentences — never a share, the key or a password. What a
// step holds lives in its variant of `RestoreStage` (restore-stage.ts).

import { airGapView } from '../common/air-gap';
import type {
  EntryClearedReason,
  RestoreSnapshot,
  RestoreStepId,
  RestoreView,
} from '../../../shared/ceremony/restore-snapshot';
import { lineLengths } from '../../../shared/shares/checked-lines';
import type { CoreState } from '../common/engine-core';
import { shareHideSeconds } from '../common/record-facts';
import { initialProgress, type RestoreDeviceResult } from './restore-device';
import { describeSource, type LoadedSource } from './restore-source';
import type { ChosenSecondary, DeviceRun, RestoreStage } from './restore-stage';

export type RestorePhase = 'handover' | 'entry' | 'cleared' | 'recombined';

export interface RestoreState extends CoreState<RestoreStepId> {
  /** Where the restore is; its `step` is always `wizard.current`. */
  at: RestoreStage;
}

/** The shares step's phase in the restore's words: the turn's, until the key is rebuilt. */
export function restorePhase(stage: RestoreStage): RestorePhase | null {
  if (stage.step !== 'shares') return null;
  if (stage.shares.phase === 'recombined') return 'recombined';
  const phase = stage.shares.custodianTurn.phase;
  return phase === 'in-hand' ? 'entry' : phase;
}

/** The folder restored from, once chosen. */
export function sourceOf(stage: RestoreStage): LoadedSource | null {
  return stage.step === 'source' ? stage.source : stage.sitting.source;
}

/** The secondary chosen (or, at the secondary step, the one that passed the check). */
export function secondaryOf(stage: RestoreStage): ChosenSecondary | null {
  if (stage.step === 'source') return null;
  if (stage.step !== 'secondary') return stage.secondary;
  const check = stage.check;
  return check && (check.state === 'factory-fresh' || check.state === 'resume')
    ? { deviceId: check.deviceId, serial: check.serial, simulated: check.simulated }
    : null;
}

export function buildRestoreSnapshot(state: RestoreState): RestoreSnapshot {
  const source = sourceOf(state.at);
  const secondary = secondaryOf(state.at);
  const rehearsal = (secondary?.simulated ?? false) || (source?.record?.rehearsal ?? false);
  return {
    ceremonyId: state.id,
    ...airGapView(state.airGap),
    rehearsal,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(source ? { source: describeSource(source) } : {}),
    ...(secondary ? { secondary: { ...secondary } } : {}),
    ...(state.at.step === 'source'
      ? {}
      : {
          sitting: {
            planned: state.at.sitting.planned,
            restored: state.at.sitting.restored.map((r) => ({ ...r })),
          },
        }),
    view: buildView(state),
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
  };
}

function shareLineLengths(format: string | undefined, threshold: number | undefined): number[] {
  if (format === 'yubihsm-setup') return lineLengths(4 + 70);
  // A manager share's length depends on its digits (K-X-<104 hex> for AES-256).
  if (format === 'yubihsm-manager' && threshold !== undefined && threshold < 10)
    return lineLengths(4 + 104);
  return [];
}

function buildView(state: RestoreState): RestoreView {
  const stage = state.at;
  switch (stage.step) {
    case 'source':
      return { step: 'source', ...(stage.source ? { folder: stage.source.folderPath } : {}) };
    case 'secondary':
      return { step: 'secondary', ...(stage.check ? { check: stage.check } : {}) };
    case 'shares':
      return sharesView(stage);
    case 'device-steps': {
      const { run, key } = stage;
      const progress = run.progress ?? initialProgress(stage.sitting.source, key.secret.wrapKeyId);
      return {
        step: 'device-steps',
        tasks: progress.tasks.map((t) => ({ ...t })),
        files: progress.files.map((f) => ({ ...f })),
        applicationKey: {
          ...(progress.applicationKeyId === undefined ? {} : { id: progress.applicationKeyId }),
          passwordGiven: key.proof !== null,
          ...(run.passwordNeeded ? { passwordNeeded: true } : {}),
        },
        factoryKey: { ...progress.factoryKey },
        deviceState: deviceState(run),
        canRetry: run.canRetry && !state.stopped,
      };
    }
    case 'finished': {
      const result = stage.result;
      return {
        step: 'finished',
        status: result.complete ? 'completed' : 'incomplete',
        summary: finishedSummary(result),
        files: result.files.map((f) => ({ ...f })),
        factoryKey: { ...result.factoryKey },
        ...(stage.transcriptHead ? { transcriptHead: stage.transcriptHead } : {}),
        canWriteKspHandoff: Boolean(stage.sitting.source.folder && result.complete),
        ...(stage.kspHandoff ? { kspHandoff: stage.kspHandoff } : {}),
        ...(stage.key
          ? {
              nextSecondary: {
                number: stage.sitting.restored.length + 1,
                of: stage.sitting.planned,
              },
            }
          : {}),
      };
    }
  }
}

function sharesView(stage: Extract<RestoreStage, { step: 'shares' }>): RestoreView {
  const source = stage.sitting.source;
  const custodians = source.record?.custodians ?? [];
  const idleSeconds = entryIdleSeconds(source);
  const shares = stage.shares;
  const phase = restorePhase(stage)!;
  const threshold =
    shares.phase === 'collecting' ? shares.collector.threshold : shares.key.threshold;
  const format = shares.phase === 'collecting' ? shares.collector.format : shares.key.format;
  const accepted =
    shares.phase === 'collecting' ? shares.collector.accepted : [...shares.key.accepted];
  const turn = shares.phase === 'collecting' ? shares.custodianTurn : null;
  return {
    step: 'shares',
    threshold: threshold ?? null,
    format: format ?? null,
    lineLengths: shareLineLengths(format, threshold),
    phase,
    turn: shares.turn,
    ...(turn && 'atKeyboard' in turn ? { atKeyboard: { ...turn.atKeyboard } } : {}),
    custodians: custodians.map((c) => ({
      index: c.index,
      name: c.name,
      entered: accepted.some((a) => a.shareNumber === c.index),
    })),
    accepted: accepted.map((a) => ({ ...a })),
    idleSeconds,
    ...(turn?.phase === 'handover' && turn.leftBecause
      ? {
          cleared: {
            reason: turn.leftBecause,
            message: clearedBecause(turn.leftBecause, idleSeconds),
          },
        }
      : {}),
    ...(turn?.phase === 'in-hand' && turn.refusal ? { refusal: { ...turn.refusal } } : {}),
    ...(shares.phase === 'recombined'
      ? { recombined: shares.key.recombined, applicationKeyGiven: shares.key.proof !== null }
      : {}),
    setProblems: shares.phase === 'collecting' ? [...shares.setProblems] : [],
  };
}

/** The ceremony's own policy for a share left on screen (its plan), or the default without a record. */
export function entryIdleSeconds(source: LoadedSource | null): number {
  return shareHideSeconds(source?.record);
}

/** Why the entry form was emptied without a share being sent, said to the next person at the screen. */
export function clearedBecause(reason: EntryClearedReason, idleSeconds: number): string {
  const why: Readonly<Record<EntryClearedReason, string>> = {
    idle: `because nothing happened on the screen for a while (${idleSeconds} seconds)`,
    blur: 'because this window lost the focus',
    escape: 'because Esc was pressed',
    user: ', as asked',
  };
  return `The share entry was cleared${reason === 'user' ? '' : ' '}${why[reason]}. Nothing typed was sent or kept.`;
}

function deviceState(run: DeviceRun): string {
  const progress = run.progress;
  if (!progress) return 'Nothing has been written to the secondary yet.';
  const imported = progress.files.filter(
    (f) =>
      f.status === 'imported' || (f.status === 'skipped' && f.reason?.includes('earlier attempt')),
  ).length;
  const wrapKey = progress.tasks.find((t) => t.id === 'wrap-key')?.status === 'done';
  if (!wrapKey) return 'The wrap key is not on the secondary yet.';
  return `The secondary holds the factory key, the wrap key and ${imported} object${imported === 1 ? '' : 's'} from the backups${progress.factoryKey.decision === 'deleted' ? '; the factory key has been deleted' : ''}.`;
}

export function finishedSummary(result: RestoreDeviceResult): string {
  const count = (status: string) => result.files.filter((f) => f.status === status).length;
  const files = `${count('imported')} imported, ${count('skipped')} skipped, ${count('failed')} failed`;
  if (result.complete)
    return `The secondary is restored (${files}) and its factory key was deleted. Verify the clone next.`;
  return result.factoryKey.decision === 'deleted'
    ? `The restore is incomplete (${files}): the files that failed are not on the secondary. Fix them and import them with the application key (yubihsm-shell put-wrapped), or reset the secondary and restore again.`
    : `The restore is incomplete (${files}; the factory key was kept). Fix what the table says and restore again onto the same secondary: what is already on it is recognised and skipped.`;
}
