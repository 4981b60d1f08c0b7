// What a restore leaves in the ceremony folder (record mode only; an interop folder has no
// record to extend): transcript events as it goes — started, one per file, the factory-key
// decision, finished or interrupted — and one entry in the record's `restores` section. Share
// numbers and the check value are recorded; shares, passwords and the key never are.

import type {
  CeremonyRecord,
  DeviceRecord,
  RestoreRecord,
  RestoredFile,
} from '../../../shared/records/ceremony-record';
import type { RestoredFileView } from '../../../shared/ceremony/restore-snapshot';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import type { RestoreDeviceResult } from './restore-device';
import { factoryKeyDeleteMayHaveHappened } from './lost-factory-key-answer';

export interface RestoreStart {
  device: DeviceRecord;
  shareNumbers: readonly number[];
  /** Whose shares rebuilt the key: numbers and (record mode) custodian names, never the shares. */
  shares: readonly { number: number; custodian?: string }[];
  kcv: string;
  wrapKeyId: number;
  /** The shares were a re-split of the recorded key, not the recorded ones (share numbers). */
  notRecorded?: { matched: readonly number[]; unmatched: readonly number[] };
}

/** The shares the key was rebuilt from, by number, with their custodians' names when there is a record. */
export function usedShares(
  numbers: readonly number[],
  record: Pick<CeremonyRecord, 'custodians'> | undefined,
): { number: number; custodian?: string }[] {
  return numbers.map((number) => {
    const custodian = record?.custodians.find((c) => c.index === number)?.name;
    return custodian === undefined ? { number } : { number, custodian };
  });
}

export async function logRestoreStarted(
  folder: CeremonyFolder,
  start: RestoreStart,
  attempt: number,
): Promise<void> {
  await folder.log('restore-started', {
    device: start.device,
    shareNumbers: [...start.shareNumbers],
    rebuiltFrom: start.shares.map((share) => ({
      shareNumber: share.number,
      custodian: share.custodian ?? null,
    })),
    kcv: start.kcv,
    wrapKeyId: start.wrapKeyId,
    ...(start.notRecorded ? { sharesNotRecorded: notRecordedFact(start.notRecorded) } : {}),
    attempt,
  });
}

export async function logRestoreInterrupted(
  folder: CeremonyFolder,
  reason: string,
  files: readonly RestoredFileView[],
): Promise<void> {
  await folder.log('restore-interrupted', {
    reason,
    files: files.filter((f) => f.status !== 'pending').map(fileEvent),
  });
}

export function restoreStatus(
  result: Pick<RestoreDeviceResult, 'complete'>,
): RestoreRecord['status'] {
  return result.complete ? 'completed' : 'incomplete';
}

/** Logs every file's outcome and the factory-key decision, then appends the record entry. */
export async function recordRestore(
  folder: CeremonyFolder,
  start: RestoreStart,
  startedAt: Date,
  finishedAt: Date,
  result: RestoreDeviceResult,
  attempts: number,
): Promise<RestoreRecord> {
  for (const file of result.files) await folder.log('restore-file', fileEvent(file));
  await folder.log('restore-factory-key', {
    decision: result.factoryKey.decision,
    reason: result.factoryKey.reason,
    applicationKeyId: result.applicationKeyId ?? null,
    applicationKeyProven: result.applicationKeyProven,
  });
  const entry: RestoreRecord = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    device: start.device,
    status: restoreStatus(result),
    ...(result.complete ? {} : { statusReason: incompleteReason(result) }),
    shareNumbers: [...start.shareNumbers],
    ...(start.notRecorded ? { sharesNotRecorded: notRecordedFact(start.notRecorded) } : {}),
    kcv: start.kcv,
    wrapKeyId: start.wrapKeyId,
    resumed: result.resumed || attempts > 1,
    files: result.files.map(recordedFile),
    factoryKey: recordedFactoryKey(result),
    factoryKeyReason:
      recordedFactoryKey(result) === 'unknown' ? FACTORY_KEY_UNKNOWN : result.factoryKey.reason,
    applicationKeyProven: result.applicationKeyProven,
  };
  await folder.log('restore-finished', {
    status: entry.status,
    ...(entry.statusReason ? { reason: entry.statusReason } : {}),
  });
  await folder.update((record) => ({ ...record, restores: [...(record.restores ?? []), entry] }));
  return entry;
}

function notRecordedFact(set: NonNullable<RestoreStart['notRecorded']>): {
  matched: number[];
  unmatched: number[];
} {
  return { matched: [...set.matched], unmatched: [...set.unmatched] };
}

const FACTORY_KEY_UNKNOWN =
  'The secondary stopped answering while its factory key was being deleted: the key may be gone. Verify the clone with the application key, or run the restore again with its password.';

/** What the record says of the factory key: a delete whose answer was lost is neither deleted nor kept. */
function recordedFactoryKey(result: RestoreDeviceResult): RestoreRecord['factoryKey'] {
  if (result.factoryKey.decision === 'deleted') return 'deleted';
  return factoryKeyDeleteMayHaveHappened(result) ? 'unknown' : 'kept';
}

export function incompleteReason(
  result: Pick<RestoreDeviceResult, 'files' | 'factoryKey' | 'tasks'>,
): string {
  const failed = result.files.filter((f) => f.status === 'failed').map((f) => f.file);
  const parts: string[] = [];
  if (failed.length > 0) parts.push(`${failed.join(', ')} could not be imported`);
  if (factoryKeyDeleteMayHaveHappened(result))
    parts.push(
      'the factory key may have been deleted (the secondary stopped answering during the delete)',
    );
  else if (result.factoryKey.decision !== 'deleted') parts.push('the factory key was kept');
  return `The restore is incomplete: ${parts.join(', and ')}.`;
}

function fileEvent(file: RestoredFileView): Record<string, unknown> {
  return {
    file: file.file,
    outcome: file.status,
    objectId: file.objectId ?? null,
    type: file.type ?? null,
    label: file.label ?? null,
    reason: file.reason ?? null,
  };
}

function recordedFile(file: RestoredFileView): RestoredFile {
  return {
    file: file.file,
    outcome: file.status === 'pending' ? 'failed' : file.status,
    ...(file.objectId === undefined ? {} : { objectId: file.objectId }),
    ...(file.type === undefined ? {} : { type: file.type }),
    ...(file.label === undefined ? {} : { label: file.label }),
    ...(file.reason === undefined
      ? file.status === 'pending'
        ? { reason: 'The restore stopped before this file.' }
        : {}
      : { reason: file.reason }),
  };
}
