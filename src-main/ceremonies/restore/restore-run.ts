// The device steps of one secondary (spec/yubihsm-setup-interop.md §4 steps 5–7), run from the
// restore engine's device-steps stage: one attempt at the device with the rebuilt key, logged
// and recorded in the ceremony folder, progress pushed as it goes; and the record of a restore
// stopped after the device was touched. The engine decides what the outcome means for the
// stage (finished, waiting for the password, or a retry).

import type { RestoreSnapshot, RestoreStepId } from '../../../shared/ceremony/restore-snapshot';
import type { Logger } from '../../log/logger';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import { ceremonyFolderReason } from '../../records/file-failure';
import { Refusal } from '../../refusal/refusal';
import { deviceRecord, withDevice, type DeviceAccess } from '../common/device-access';
import { deviceFailureSentence, isConnectionLoss } from '../common/device-failures';
import type { EngineCore } from '../common/engine-core';
import { restoreDevice, type RestoreDeviceResult, type RestoreProgress } from './restore-device';
import { factoryKeyDeleteMayHaveHappened } from './lost-factory-key-answer';
import { logRestoreInterrupted, logRestoreStarted, recordRestore } from './restore-record';
import { replaceProof, type RebuiltKey, type StageAt } from './restore-stage';
import type { RestoreState } from './restore-state';

/** What a run needs of the engine. */
export interface RunEngine {
  readonly core: EngineCore<RestoreStepId, RestoreState, RestoreSnapshot>;
  readonly devices: DeviceAccess;
  readonly clock: () => Date;
}

/** What the record says the key was rebuilt from (numbers, names and the check value only). */
function rebuiltFrom(key: RebuiltKey) {
  return {
    shareNumbers: [...key.shareNumbers],
    shares: key.recombined.used,
    kcv: key.recombined.kcv,
    wrapKeyId: key.secret.wrapKeyId,
    ...(key.recombined.notRecorded ? { notRecorded: key.recombined.notRecorded } : {}),
  };
}

/**
 * One attempt at the secondary's device steps. Answers the outcome, or null when the attempt
 * stopped (the sentence is the state's problem, and whether it can be run again is in the run).
 */
export async function runSecondarySteps(
  engine: RunEngine,
  state: RestoreState,
  stage: StageAt<'device-steps'>,
): Promise<RestoreDeviceResult | null> {
  const { sitting, key, run, secondary } = stage;
  const source = sitting.source;
  const earlier = run.progress ?? undefined;
  run.attempts += 1;
  run.canRetry = false;
  const start = rebuiltFrom(key);
  try {
    const result = await engine.core.busy(state, 'Writing to the secondary', () =>
      withDevice(engine.devices, secondary.deviceId, async (device) => {
        if (device.serial !== secondary.serial) {
          throw new Refusal(
            'conflict',
            `The device connected now is serial ${device.serial}, not the secondary (serial ${secondary.serial}) checked earlier; connect that one.`,
          );
        }
        const answered = deviceRecord(device);
        run.device = answered;
        if (source.folder)
          await logRestoreStarted(source.folder, { ...start, device: answered }, run.attempts);
        const proof = key.proof;
        const outcome = await restoreDevice({
          device,
          secret: key.secret,
          source,
          ...(proof
            ? {
                proof: {
                  ...(proof.authKeyId === undefined ? {} : { id: proof.authKeyId }),
                  credential: { keys: proof.keys },
                },
              }
            : {}),
          ...(earlier ? { earlier } : {}),
          onProgress: (progress) => {
            run.progress = progress;
            engine.core.emit();
          },
        });
        if (source.folder) {
          // Waiting for the password is a pause, like an unplug: the record entry is written when the restore ends.
          if (outcome.retryWithPassword)
            await logRestoreInterrupted(source.folder, outcome.factoryKey.reason, outcome.files);
          else
            await recordRestore(
              source.folder,
              { ...start, device: answered },
              run.startedAt,
              engine.clock(),
              outcome,
              run.attempts,
            );
        }
        return outcome;
      }),
    );
    return result;
  } catch (error) {
    if (deleteAnswerLost(engine, state, stage, earlier, error)) {
      if (source.folder)
        await logRestoreInterrupted(
          source.folder,
          state.problem?.message ?? '',
          run.progress?.files ?? [],
        ).catch(() => undefined);
      return null;
    }
    const sentence = deviceFailureSentence(error, 'the secondary');
    state.problem = { message: sentence };
    run.canRetry =
      isConnectionLoss(error) || !(error instanceof Refusal) || error.code === 'device-missing';
    engine.core.log.warn('restore device steps stopped', { attempt: run.attempts, error });
    if (source.folder)
      await logRestoreInterrupted(source.folder, sentence, run.progress?.files ?? []).catch(
        () => undefined,
      );
    return null;
  } finally {
    // The home screen's card for the secondary says what is on it now.
    await engine.devices.refresh?.(secondary.deviceId).catch(() => undefined);
  }
}

/**
 * The attempt before was cut short while deleting the factory key, and now the factory key no
 * longer opens (lost-factory-key-answer.ts): only the application key's password can show the
 * restore finished. The screen keeps where that attempt got to and asks for the password.
 */
function deleteAnswerLost(
  engine: RunEngine,
  state: RestoreState,
  stage: StageAt<'device-steps'>,
  earlier: RestoreProgress | undefined,
  error: unknown,
): boolean {
  if (!(error instanceof Refusal) || error.code !== 'wrong-password') return false;
  if (!factoryKeyDeleteMayHaveHappened(earlier)) return false;
  const { run, key } = stage;
  run.progress = earlier ?? null;
  run.canRetry = true;
  run.passwordNeeded = true;
  replaceProof(key, null);
  state.problem = {
    message:
      "The factory key no longer opens a session on the secondary: the last attempt was cut short while deleting it, so it may be gone and the restore complete. Give the application key's password and run the device steps again; Custos checks the secondary with it.",
  };
  engine.core.log.warn('restore: the factory key delete may have happened', {
    attempt: run.attempts,
  });
  return true;
}

/**
 * A restore stopped after its device steps had begun: the cancel is logged and an incomplete
 * entry recorded. Answers a sentence when the folder could not be written (the cancel stands).
 */
export async function recordStopped(
  folder: CeremonyFolder,
  stage: StageAt<'device-steps'>,
  reason: string,
  clock: () => Date,
  log: Logger,
): Promise<string | null> {
  const { run, key } = stage;
  if (!run.progress || !run.device) return null;
  const partial = {
    ...run.progress,
    resumed: run.attempts > 1,
    applicationKeyProven: false,
    complete: false,
    retryWithPassword: false,
  };
  try {
    await folder.log('restore-cancelled', { reason });
    await recordRestore(
      folder,
      { ...rebuiltFrom(key), device: run.device },
      run.startedAt,
      clock(),
      partial,
      run.attempts,
    );
    return null;
  } catch (error) {
    // The folder may be gone or read-only (media pulled): the cancel still stands, and says so.
    log.error('the cancelled restore could not be recorded', { error });
    return `The restore was stopped, but it could not be written to the ceremony folder (${ceremonyFolderReason(error, folder.path)}): the record does not show this attempt.`;
  }
}
