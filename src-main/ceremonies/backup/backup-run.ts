// Running a back-up: EXPORT WRAPPED for every planned object (spec §4.3), each blob written as
// yubihsm-setup writes it (base64, one line, 0xNNNN-<type>.yhw, §5) — never over an existing
// file unless the person chose to replace it — then the record gains the files, the objects'
// info (with public keys of asymmetric keys) and one back-up entry, and the transcript an event
// per file. A device refusal fails that object only; a lost connection stops the run, and what
// was written before it stopped is recorded (transcript and record) before the error goes on.

import type {
  BackupRecord,
  CeremonyRecord,
  DeviceRecord,
  ObjectRecord,
  WrappedFileRecord,
} from '../../../shared/records/ceremony-record';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { CeremonyFolderError, type CeremonyFolder } from '../../records/ceremony-folder';
import { deviceFailureReason, isConnectionLoss } from '../common/device-failures';
import { nameObject } from '../common/objects';
import type { BackupPlan, PlannedObject } from './backup-plan';

export type BackupStatus = 'written' | 'replaced' | 'kept' | 'not-exported' | 'failed';

export interface BackupOutcome {
  object: PlannedObject;
  status: BackupStatus;
  reason?: string;
}

export interface BackupRun {
  session: YubiHsmSession;
  folder: CeremonyFolder;
  plan: BackupPlan;
  device: DeviceRecord;
  /** File names the person chose to replace. */
  replace: ReadonlySet<string>;
  /** Rehearsal keys generated before this back-up, by id. */
  sampleKeys?: readonly number[];
  clock: () => Date;
  /** Called after each object, with every outcome so far. */
  onProgress?: (outcomes: readonly BackupOutcome[]) => void;
}

export interface BackupResult {
  outcomes: BackupOutcome[];
  entry: BackupRecord;
  /** A sentence for the screen and the CLI. */
  summary: string;
  /** Objects that could have been exported but failed: the back-up is not complete. */
  failed: BackupOutcome[];
}

export async function runBackup(run: BackupRun): Promise<BackupResult> {
  const { session, folder, plan } = run;
  const startedAt = run.clock();
  await folder.log('backup-started', {
    device: run.device,
    authKeyId: session.authKeyId,
    wrapKeyId: plan.wrapKeyId,
    objects: plan.objects.length,
  });
  const outcomes: BackupOutcome[] = [];
  const files: WrappedFileRecord[] = [];
  try {
    for (const object of plan.objects) {
      const outcome = await backUpOne(run, object, files);
      outcomes.push(outcome);
      run.onProgress?.(outcomes);
    }
  } catch (error) {
    // The files already written stay in the folder: the transcript and the record say which, so
    // a later restore or back-up knows them (their digests) instead of finding strangers.
    await recordInterrupted(run, startedAt, outcomes, files, error).catch(() => undefined);
    throw error;
  }
  const entry = backupEntry(run, startedAt, outcomes);
  const failed = outcomes.filter((o) => o.status === 'failed');
  const summary = summarize(outcomes);
  await folder.log('backup-finished', {
    written: entry.exported.map((e) => e.file),
    kept: entry.kept.map((k) => k.file),
    notExported: entry.notExported.map((n) => ({
      objectId: n.objectId,
      type: n.type,
      reason: n.reason,
    })),
  });
  await folder.update((record) =>
    withBackup(
      record,
      entry,
      files,
      plan.objects.map((o) => o.record),
    ),
  );
  return { outcomes, entry, summary, failed };
}

/** Why a back-up stopped part-way, as a clause ("the primary stopped answering (…)"). */
export function interruptionReason(error: unknown): string {
  return isConnectionLoss(error)
    ? 'the primary stopped answering (it was unplugged, or its connection dropped)'
    : deviceFailureReason(error, 'the primary');
}

/**
 * The files a back-up meant to write (new ones, and existing ones chosen for replacing) and which
 * of them it wrote; `earlier` names files an earlier run of the same back-up wrote.
 */
export function backupFiles(
  plan: BackupPlan,
  replace: ReadonlySet<string>,
  outcomes: readonly BackupOutcome[],
  earlier: readonly string[] = [],
): { written: string[]; notWritten: string[] } {
  const written = [
    ...new Set([
      ...earlier,
      ...outcomes
        .filter((o) => o.status === 'written' || o.status === 'replaced')
        .map((o) => o.object.file!),
    ]),
  ];
  const toWrite = plan.objects
    .filter((o) => o.status === 'export' || (o.status === 'exists' && replace.has(o.file!)))
    .map((o) => o.file!);
  return { written, notWritten: toWrite.filter((file) => !written.includes(file)) };
}

async function recordInterrupted(
  run: BackupRun,
  startedAt: Date,
  outcomes: readonly BackupOutcome[],
  files: readonly WrappedFileRecord[],
  error: unknown,
): Promise<void> {
  const reason = `The back-up stopped part-way: ${interruptionReason(error)}.`;
  const { written, notWritten } = backupFiles(run.plan, run.replace, outcomes);
  await run.folder.log('backup-interrupted', { reason, written, notWritten });
  const entry = backupEntry(run, startedAt, outcomes, reason);
  await run.folder.update((record) =>
    withBackup(
      record,
      entry,
      files,
      run.plan.objects.map((o) => o.record),
    ),
  );
}

/** The record's entry for one run; an interrupted one also lists the objects it did not reach. */
function backupEntry(
  run: BackupRun,
  startedAt: Date,
  outcomes: readonly BackupOutcome[],
  interrupted?: string,
): BackupRecord {
  const reached = new Set(outcomes.map((o) => o.object));
  const unreached =
    interrupted === undefined ? [] : run.plan.objects.filter((o) => !reached.has(o));
  return {
    at: startedAt.toISOString(),
    device: run.device,
    authKeyId: run.session.authKeyId,
    wrapKeyId: run.plan.wrapKeyId,
    exported: outcomes
      .filter((o) => o.status === 'written' || o.status === 'replaced')
      .map((o) => ({
        file: o.object.file!,
        objectId: o.object.info.id,
        type: o.object.record.type,
        label: o.object.record.label,
        replaced: o.status === 'replaced',
      })),
    kept: outcomes
      .filter((o) => o.status === 'kept')
      .map((o) => ({
        file: o.object.file!,
        objectId: o.object.info.id,
        type: o.object.record.type,
      })),
    notExported: [
      ...outcomes
        .filter((o) => o.status === 'not-exported' || o.status === 'failed')
        .map((o) => ({
          objectId: o.object.info.id,
          type: o.object.record.type,
          label: o.object.record.label,
          reason: o.reason ?? '',
        })),
      ...unreached.map((o) => ({
        objectId: o.info.id,
        type: o.record.type,
        label: o.record.label,
        reason:
          o.status === 'not-exportable'
            ? o.reason!
            : 'The back-up stopped before it reached this object.',
      })),
    ],
    ...(run.sampleKeys && run.sampleKeys.length > 0 ? { sampleKeys: [...run.sampleKeys] } : {}),
    ...(interrupted === undefined ? {} : { interrupted }),
  };
}

async function backUpOne(
  run: BackupRun,
  object: PlannedObject,
  files: WrappedFileRecord[],
): Promise<BackupOutcome> {
  if (object.status === 'not-exportable')
    return { object, status: 'not-exported', reason: object.reason! };
  const file = object.file!;
  const replace = run.replace.has(file);
  if (object.status === 'exists' && !replace)
    return {
      object,
      status: 'kept',
      reason: `${file} was already in the folder and was kept as it was.`,
    };
  let blob: Uint8Array;
  try {
    blob = await run.session.exportWrapped(run.plan.wrapKeyId, object.info.type, object.info.id);
  } catch (error) {
    if (error instanceof YubiHsmDeviceError) {
      return {
        object,
        status: 'failed',
        reason: `The primary refused to export ${nameObject({ ...object.record })}: ${error.sentence}.`,
      };
    }
    throw error;
  }
  let written: WrappedFileRecord;
  try {
    written = await run.folder.writeWrappedObject(object.info.id, object.record.type, blob, {
      replace,
      now: run.clock(),
      // After a rotation the ceremony's backups live in its backup folder.
      ...(run.folder.record.backupFolder ? { into: run.folder.record.backupFolder } : {}),
    });
  } catch (error) {
    // Someone put a file there since the plan was made: it is kept, never overwritten.
    if (error instanceof CeremonyFolderError && error.reason === 'file-exists') {
      return {
        object,
        status: 'kept',
        reason: `${file} appeared in the folder during the back-up and was kept as it was.`,
      };
    }
    throw error;
  }
  files.push(written);
  await run.folder.log('backup-file-written', {
    file: written.file,
    objectId: object.info.id,
    type: object.record.type,
    label: object.record.label,
    sha256: written.sha256,
    replaced: replace && object.status === 'exists',
  });
  return { object, status: replace && object.status === 'exists' ? 'replaced' : 'written' };
}

/** The record after a back-up: files replaced by name, inventory entries by type and id. */
export function withBackup(
  record: CeremonyRecord,
  entry: BackupRecord,
  files: readonly WrappedFileRecord[],
  objects: readonly ObjectRecord[],
): CeremonyRecord {
  const names = new Set(files.map((f) => f.file));
  const keys = new Set(objects.map((o) => `${o.type}:${o.id}`));
  return {
    ...record,
    files: [...record.files.filter((f) => !names.has(f.file)), ...files],
    inventory: [...record.inventory.filter((o) => !keys.has(`${o.type}:${o.id}`)), ...objects].sort(
      (a, b) => a.id - b.id || a.type.localeCompare(b.type),
    ),
    backups: [...(record.backups ?? []), entry],
  };
}

export function summarize(outcomes: readonly BackupOutcome[]): string {
  const count = (status: BackupStatus) => outcomes.filter((o) => o.status === status).length;
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const parts = [
    `${files(count('written') + count('replaced'))} written${count('replaced') > 0 ? ` (${count('replaced')} replaced)` : ''}`,
  ];
  if (count('kept') > 0) parts.push(`${files(count('kept'))} already there and kept`);
  if (count('not-exported') > 0)
    parts.push(
      `${count('not-exported')} object${count('not-exported') === 1 ? '' : 's'} not exportable`,
    );
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  return `Back-up done: ${parts.join(', ')}.`;
}
