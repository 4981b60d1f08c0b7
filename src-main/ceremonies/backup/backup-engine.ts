// The back-up's engine for the screens (dump/* channels): folder, primary and application key,
// review of what will be exported (and what will not, and why), optional rehearsal keys on a
// simulated primary, then the export with progress. The password is held only as its derived
// keys and wiped when the back-up is closed. A back-up that stops part-way (the primary unplugged)
// can be run again; cancelled, it ends in a stopped state that says which files were written
// before it stopped, and the transcript says so too.

import { airGapView, type AirGapSurvey } from '../common/air-gap';
import { randomUUID } from 'node:crypto';
import {
  BACKUP_STEPS,
  type BackupObject,
  type BackupSnapshot,
  type BackupStepId,
} from '../../../shared/ceremony/backup-snapshot';
import { startWizard } from '../../../shared/ceremony/wizard';
import { domainsMask } from '../../hsm/yubihsm/protocol/domains';
import { Refusal } from '../../refusal/refusal';
import type { Logger } from '../../log/logger';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import {
  deviceRecord,
  withDevice,
  withSession,
  type DeviceAccess,
  type OpenDevice,
} from '../common/device-access';
import { deviceFailureSentence } from '../common/device-failures';
import {
  dropCredential,
  forgetCredential,
  holdCredential,
  type HeldCredential,
} from '../common/derived-credential';
import { EngineCore, type CoreState, type SnapshotListener } from '../common/engine-core';
import { applicationKeyId } from '../common/record-facts';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { backupDirectory, planBackup, type BackupPlan } from './backup-plan';
import { checkIsPrimary, openCeremonyForBackup, backupAuthKeyId } from './backup-primary';
import { backupFiles, interruptionReason, runBackup, type BackupOutcome } from './backup-run';
import { generateRehearsalKeys } from './rehearsal-keys';

interface BackupState extends CoreState<BackupStepId> {
  finished?: boolean;
  folder?: CeremonyFolder;
  primary?: { deviceId: string; serial: number; simulated: boolean };
  credential?: HeldCredential;
  authKeyId?: number;
  plan?: BackupPlan;
  sampleKeys: number[];
  outcomes?: readonly BackupOutcome[];
  /** The files chosen for replacing, as sent with the last run. */
  replace: ReadonlySet<string>;
  /** Files written (or replaced) by earlier runs of this back-up, before the last one began. */
  writtenBefore: string[];
  /** An export began: the transcript holds this back-up's events. */
  exportBegan: boolean;
  /** The last run stopped part-way: why, as a clause. */
  interruption?: string;
  summary?: string;
  transcriptHead?: string;
}

/** The files this back-up meant to write, and which of them it wrote (across its runs). */
function filesOf(state: BackupState): { written: string[]; notWritten: string[] } {
  if (!state.plan) return { written: [...state.writtenBefore], notWritten: [] };
  return backupFiles(state.plan, state.replace, state.outcomes ?? [], state.writtenBefore);
}

/** "3 of the 6 files this back-up was to write" */
function countOf(files: { written: string[]; notWritten: string[] }): string {
  const total = files.written.length + files.notWritten.length;
  return `${files.written.length} of the ${total} file${total === 1 ? '' : 's'} this back-up was to write`;
}

export interface BackupEngineOptions {
  devices: DeviceAccess;
  logger: Logger;
  clock?: () => Date;
  /** The air-gap survey (tests give a fixed one; default: this machine's, common/air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

function planned(plan: BackupPlan): BackupObject[] {
  return plan.objects.map((o) => ({
    objectId: o.info.id,
    type: o.record.type,
    algorithm: o.record.algorithm,
    label: o.record.label,
    status: o.status,
    ...(o.file ? { file: o.file } : {}),
    ...(o.reason ? { reason: o.reason } : {}),
  }));
}

function exported(outcomes: readonly BackupOutcome[]): BackupObject[] {
  return outcomes.map((o) => ({
    objectId: o.object.info.id,
    type: o.object.record.type,
    algorithm: o.object.record.algorithm,
    label: o.object.record.label,
    status: o.status,
    ...(o.object.file ? { file: o.object.file } : {}),
    ...(o.reason ? { reason: o.reason } : {}),
  }));
}

function buildSnapshot(state: BackupState): BackupSnapshot {
  const view = ((): BackupSnapshot['view'] => {
    switch (state.wizard.current) {
      case 'source':
        return { step: 'source', ...(state.folder ? { folder: state.folder.path } : {}) };
      case 'primary': {
        const suggested = state.folder ? applicationKeyId(state.folder.record) : undefined;
        return {
          step: 'primary',
          ...(suggested === undefined ? {} : { suggestedAuthKeyId: suggested }),
          ...(state.primary ? { deviceId: state.primary.deviceId } : {}),
        };
      }
      case 'review':
        return {
          step: 'review',
          wrapKeyId: state.plan!.wrapKeyId,
          authKeyId: state.authKeyId!,
          objects: planned(state.plan!),
          sampleKeys: {
            offered: state.primary?.simulated ?? false,
            generated: [...state.sampleKeys],
          },
        };
      case 'export':
        return {
          step: 'export',
          objects: state.outcomes ? exported(state.outcomes) : planned(state.plan!),
          finished: state.finished ?? false,
          summary:
            state.summary ??
            (state.interruption
              ? `Stopped part-way: ${countOf(filesOf(state))} ${filesOf(state).written.length === 1 ? 'is' : 'are'} in the ceremony folder and recorded.`
              : 'Exporting…'),
          ...(state.transcriptHead ? { transcriptHead: state.transcriptHead } : {}),
        };
    }
  })();
  return {
    ceremonyId: state.id,
    ...airGapView(state.airGap),
    rehearsal: (state.primary?.simulated ?? false) || (state.folder?.record.rehearsal ?? false),
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(state.folder ? { folder: state.folder.path, ceremonyName: state.folder.record.name } : {}),
    ...(state.primary ? { primary: { ...state.primary } } : {}),
    view,
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped, ...filesOf(state) } } : {}),
  };
}

export class BackupEngine {
  private readonly core: EngineCore<BackupStepId, BackupState, BackupSnapshot>;
  private readonly clock: () => Date;

  constructor(private readonly options: BackupEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      BACKUP_STEPS,
      'back-up',
      buildSnapshot,
      options.logger.child({ module: 'dump' }),
      dropCredential,
      options.airGap ? { airGap: options.airGap } : {},
    );
  }

  onSnapshot(listener: SnapshotListener<BackupSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): BackupSnapshot | null {
    return this.core.current();
  }

  start(): Promise<BackupSnapshot> {
    return this.core.intent(async () =>
      this.core.begin({
        id: randomUUID(),
        wizard: startWizard(BACKUP_STEPS),
        sampleKeys: [],
        replace: new Set(),
        writtenBefore: [],
        exportBegan: false,
      }),
    );
  }

  chooseFolder(folder: string): Promise<BackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'choose the ceremony folder');
      state.folder = await openCeremonyForBackup(folder);
      this.core.advance(state);
      return this.core.snapshot();
    });
  }

  choosePrimary(deviceId: string): Promise<BackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['primary'], 'choose the primary');
      const serial = await withDevice(this.options.devices, deviceId, async (device) => {
        checkIsPrimary(device, state.folder!.record);
        return device.serial;
      });
      state.primary = {
        deviceId,
        serial,
        simulated: this.options.devices.describe(deviceId)?.simulated ?? false,
      };
      return this.core.snapshot();
    });
  }

  /** Opens a session with the application key and lists what the back-up will do. */
  authenticate(password: string, authKeyId?: number): Promise<BackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['primary', 'review'], 'open a session with the application key');
      if (!state.primary) throw new Refusal('conflict', 'Choose the primary first.');
      const id = backupAuthKeyId(state.folder!.record, authKeyId);
      const credential = await holdCredential(password, id);
      try {
        state.plan = await this.core.busy(state, 'Reading the objects on the primary', () =>
          this.withPrimary(state, credential, (session) =>
            planBackup(session, backupDirectory(state.folder!), state.folder!.record.wrapKey!.id),
          ),
        );
      } catch (error) {
        forgetCredential(credential);
        throw error;
      }
      forgetCredential(state.credential);
      state.credential = credential;
      state.authKeyId = id;
      if (state.wizard.current === 'primary') this.core.advance(state);
      return this.core.snapshot();
    });
  }

  /** Rehearsal only: three signing keys on the simulated primary, so the back-up has something to do. */
  generateSampleKeys(): Promise<BackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['review'], 'generate rehearsal keys');
      const folder = state.folder!;
      state.plan = await this.core.busy(
        state,
        'Generating rehearsal keys on the simulated primary',
        () =>
          this.withPrimary(state, state.credential!, async (session, device) => {
            const keys = await generateRehearsalKeys(
              session,
              device.identity.simulated,
              domainsMask(folder.record.wrapKey!.domains),
              folder,
            );
            state.sampleKeys.push(...keys.map((k) => k.id));
            return planBackup(session, backupDirectory(folder), folder.record.wrapKey!.id);
          }),
      );
      return this.core.snapshot();
    });
  }

  /** Exports everything planned; `replace` names existing files the person chose to replace. Run again to continue after a failure. */
  run(replace: readonly string[]): Promise<BackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['review', 'export'], 'export the objects');
      if (state.wizard.current === 'review') this.core.advance(state);
      const folder = state.folder!;
      state.writtenBefore = filesOf(state).written;
      delete state.outcomes;
      state.replace = new Set(replace);
      try {
        const result = await this.core.busy(state, 'Exporting under the wrap key', () =>
          this.withPrimary(state, state.credential!, async (session, device) => {
            const plan = await planBackup(
              session,
              backupDirectory(folder),
              folder.record.wrapKey!.id,
            );
            state.plan = plan;
            state.exportBegan = true;
            return runBackup({
              session,
              folder,
              plan,
              device: deviceRecord(device),
              replace: new Set(replace),
              sampleKeys: state.sampleKeys,
              clock: this.clock,
              onProgress: (outcomes) => {
                state.outcomes = outcomes;
                this.core.emit();
              },
            });
          }),
        );
        state.outcomes = result.outcomes;
        state.summary = result.summary;
        delete state.interruption;
        if (result.failed.length > 0) {
          state.problem = {
            message: `Some objects could not be exported: ${result.failed.map((o) => o.reason).join(' ')}`,
          };
        }
        await this.core.recordAirGap(state, folder);
        state.finished = true;
        state.transcriptHead = folder.transcript.head;
        dropCredential(state);
      } catch (error) {
        state.problem = { message: deviceFailureSentence(error, 'the primary') };
        if (state.exportBegan) state.interruption = interruptionReason(error);
        this.core.log.warn('back-up stopped', { error });
      }
      return this.core.snapshot();
    });
  }

  cancel(): Promise<BackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      if (state.busy)
        throw new Refusal('conflict', 'Custos is exporting; wait until it ends, then cancel.');
      await this.stop(
        state,
        state.interruption
          ? `The back-up was cancelled after it stopped part-way: ${state.interruption}.`
          : 'The back-up was cancelled.',
      );
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished && state.outcomes)
        throw new Refusal(
          'conflict',
          'This back-up is still under way; cancel it before closing it.',
        );
      return this.core.end();
    });
  }

  /** Custos is closing: a back-up still under way is stopped (and its transcript says so, once an export began). */
  shutdown(): Promise<void> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        await this.stop(state, 'Custos was closed during the back-up.');
      this.core.wipeCurrent();
    });
  }

  private async stop(state: BackupState, reason: string): Promise<void> {
    // Rehearsal keys change the primary; an export only reads it.
    state.stopped = {
      status: state.interruption ? 'failed' : 'abandoned',
      reason,
      deviceTouched: state.sampleKeys.length > 0,
    };
    dropCredential(state);
    if (state.exportBegan) {
      await this.core.recordAirGap(state, state.folder);
      const files = filesOf(state);
      await state
        .folder!.log('backup-stopped', { status: state.stopped.status, reason, ...files })
        .catch((error: unknown) =>
          this.core.log.error('the stopped back-up could not be logged', { error }),
        );
    }
    this.core.emit();
  }

  private withPrimary<T>(
    state: BackupState,
    credential: HeldCredential,
    use: (session: YubiHsmSession, device: OpenDevice) => Promise<T>,
  ): Promise<T> {
    const primary = state.primary!;
    return withDevice(this.options.devices, primary.deviceId, (device) => {
      checkIsPrimary(device, state.folder!.record);
      return withSession(
        device,
        credential.authKeyId!,
        { keys: credential.keys },
        'the primary',
        (session) => use(session, device),
      );
    });
  }
}
