// Everything main holds about one running restore, and the snapshot the renderer gets of it
// (shared/ceremony/restore-snapshot.ts). The snapshot is built fresh from this state each time:
// share numbers, custodian names and sentences — never a share, the key or a password.

import { airGapView } from '../common/air-gap';
import type {
  EntryClearedReason,
  RestoreSnapshot,
  RestoreStepId,
  RestoreView,
  SecondaryCheck,
} from '../../../shared/ceremony/restore-snapshot';
import type { DeviceRecord } from '../../../shared/records/ceremony-record';
import { lineLengths } from '../../../shared/shares/checked-lines';
import type { WrapSecret } from '../../secrets';
import type { CoreState } from '../common/engine-core';
import type { HeldCredential } from '../common/derived-credential';
import { shareHideSeconds } from '../common/record-facts';
import type { ShareCollector } from '../common/share-collection';
import { initialProgress, type RestoreDeviceResult, type RestoreProgress } from './restore-device';
import { describeSource, type LoadedSource } from './restore-source';
import type { Recombined } from '../../../shared/ceremony/restore-snapshot';
import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';

export type RestorePhase = 'handover' | 'entry' | 'cleared' | 'recombined';

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

/** The shares step's phase in the restore's words: the turn's, until the key is rebuilt. */
export function restorePhase(
  state: Pick<RestoreState, 'custodianTurn' | 'recombined'>,
): RestorePhase {
  if (state.recombined) return 'recombined';
  const phase = state.custodianTurn.phase;
  return phase === 'in-hand' ? 'entry' : phase;
}

export interface RestoreState extends CoreState<RestoreStepId> {
  source?: LoadedSource;
  check?: SecondaryCheck;
  secondary?: { deviceId: string; serial: number; simulated: boolean };
  /** The secondary as it answered at the last device run (for the record). */
  device?: DeviceRecord;
  collector?: ShareCollector;
  turn: number;
  /**
   * Where the custodian at the keyboard is in their turn (the shared custodian-turn table; its
   * in-hand phase is the entry form). Its `leftBecause`: the last entry was left without a
   * share (idle, blur, Esc, the custodian's own button).
   */
  custodianTurn: EntryTurn;
  setProblems: string[];
  recombined?: Recombined;
  /** The rebuilt wrap key, from recombination until the restore ends. */
  secret?: WrapSecret;
  shareNumbers?: number[];
  proof?: HeldCredential;
  /** The last run kept the factory key because the password (or id) given did not prove the application key: the next run needs one. */
  passwordNeeded?: boolean;
  progress?: RestoreProgress;
  canRetry: boolean;
  attempts: number;
  startedAt?: Date;
  result?: RestoreDeviceResult;
  transcriptHead?: string;
  kspHandoff?: { summary: string; files: string[] };
}

export function buildRestoreSnapshot(state: RestoreState): RestoreSnapshot {
  const rehearsal =
    (state.secondary?.simulated ?? false) || (state.source?.record?.rehearsal ?? false);
  return {
    ceremonyId: state.id,
    ...airGapView(state.airGap),
    rehearsal,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(state.source ? { source: describeSource(state.source) } : {}),
    ...(state.secondary ? { secondary: { ...state.secondary } } : {}),
    view: buildView(state),
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
  };
}

function shareLineLengths(state: RestoreState): number[] {
  const collector = state.collector;
  const format = collector?.format;
  const threshold = collector?.threshold;
  if (format === 'yubihsm-setup') return lineLengths(4 + 70);
  // A manager share's length depends on its digits (K-X-<104 hex> for AES-256).
  if (format === 'yubihsm-manager' && threshold !== undefined && threshold < 10)
    return lineLengths(4 + 104);
  return [];
}

function buildView(state: RestoreState): RestoreView {
  switch (state.wizard.current) {
    case 'source':
      return { step: 'source', ...(state.source ? { folder: state.source.folderPath } : {}) };
    case 'secondary':
      return { step: 'secondary', ...(state.check ? { check: state.check } : {}) };
    case 'shares': {
      const turn = state.custodianTurn;
      const collector = state.collector!;
      const accepted = collector.accepted;
      const custodians = state.source?.record?.custodians ?? [];
      return {
        step: 'shares',
        threshold: collector.threshold ?? null,
        format: collector.format ?? null,
        lineLengths: shareLineLengths(state),
        phase: restorePhase(state),
        turn: state.turn,
        ...('atKeyboard' in turn ? { atKeyboard: { ...turn.atKeyboard } } : {}),
        custodians: custodians.map((c) => ({
          index: c.index,
          name: c.name,
          entered: accepted.some((a) => a.shareNumber === c.index),
        })),
        accepted: accepted.map((a) => ({ ...a })),
        idleSeconds: entryIdleSeconds(state),
        ...(turn.phase === 'handover' && turn.leftBecause
          ? {
              cleared: {
                reason: turn.leftBecause,
                message: clearedBecause(turn.leftBecause, entryIdleSeconds(state)),
              },
            }
          : {}),
        ...(turn.phase === 'in-hand' && turn.refusal ? { refusal: { ...turn.refusal } } : {}),
        ...(state.recombined ? { recombined: state.recombined } : {}),
        setProblems: [...state.setProblems],
      };
    }
    case 'device-steps': {
      const progress = state.progress ?? initialProgress(state.source!, state.secret?.wrapKeyId);
      return {
        step: 'device-steps',
        tasks: progress.tasks.map((t) => ({ ...t })),
        files: progress.files.map((f) => ({ ...f })),
        applicationKey: {
          ...(progress.applicationKeyId === undefined ? {} : { id: progress.applicationKeyId }),
          passwordGiven: state.proof !== undefined,
          ...(state.passwordNeeded ? { passwordNeeded: true } : {}),
        },
        factoryKey: { ...progress.factoryKey },
        deviceState: deviceState(state),
        canRetry: state.canRetry && !state.stopped,
      };
    }
    case 'finished': {
      const result = state.result!;
      return {
        step: 'finished',
        status: result.complete ? 'completed' : 'incomplete',
        summary: finishedSummary(result),
        files: result.files.map((f) => ({ ...f })),
        factoryKey: { ...result.factoryKey },
        ...(state.transcriptHead ? { transcriptHead: state.transcriptHead } : {}),
        canWriteKspHandoff: Boolean(state.source?.folder && result.complete),
        ...(state.kspHandoff ? { kspHandoff: state.kspHandoff } : {}),
      };
    }
  }
}

/** The ceremony's own policy for a share left on screen (its plan), or the default without a record. */
export function entryIdleSeconds(state: Pick<RestoreState, 'source'>): number {
  return shareHideSeconds(state.source?.record);
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

function deviceState(state: RestoreState): string {
  const progress = state.progress;
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
