// What a rotation writes into the ceremony record and transcript (issue 12 §3). The rotation
// entry is written once every custodian holds a new share and before any device is touched; each
// device task then updates it, so the record always says which devices still hold the old key.
// Only when every device holds the new key alone does the record's current wrap key, share set
// and backup folder change, the old set is marked superseded, and the old .yhw files are named
// for destruction (Custos never deletes them).

import { join } from 'node:path';
import type {
  CeremonyRecord,
  ObjectRecord,
  RotationDevice,
  RotationRecord,
  WrappedFileRecord,
} from '../../../shared/records/ceremony-record';
import type { RotationDeviceProgress } from '../../../shared/ceremony/rotation-steps';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import type { NotExported } from './rotation-device';

/** The rotation under way: the record's last one. */
export function currentRotation(record: CeremonyRecord): RotationRecord {
  const rotation = record.rotations?.at(-1);
  if (!rotation) throw new Error('the record has no rotation');
  return rotation;
}

function withCurrent(
  record: CeremonyRecord,
  change: (rotation: RotationRecord) => RotationRecord,
): CeremonyRecord {
  const rotations = [...(record.rotations ?? [])];
  rotations[rotations.length - 1] = change(currentRotation(record));
  return { ...record, rotations };
}

export async function recordRotationStarted(
  folder: CeremonyFolder,
  rotation: RotationRecord,
): Promise<void> {
  await folder.log('rotation-started', {
    record: `rotations[${folder.record.rotations?.length ?? 0}]`,
    oldWrapKey: rotation.oldWrapKey,
    newWrapKeyId: rotation.newWrapKey.id,
    newKcv: rotation.newWrapKey.kcv,
    threshold: rotation.newWrapKey.threshold,
    shareCount: rotation.newWrapKey.shareCount,
    shareFormat: rotation.newWrapKey.shareFormat,
    custodians: rotation.custodians.map((c) => ({
      shareNumber: c.index,
      name: c.name,
      commitment: c.commitment,
    })),
    authorizedBy: rotation.authorizedBy,
    backupFolder: rotation.backupFolder,
    devices: rotation.devices.map((d) => ({ role: d.role, serial: d.serial })),
  });
  await folder.update((record) => ({
    ...record,
    rotations: [...(record.rotations ?? []), rotation],
  }));
}

/** A device finished a task: its stage, and the files the primary's export wrote. */
export async function recordDeviceTask(
  folder: CeremonyFolder,
  device: RotationDeviceProgress,
  files: readonly WrappedFileRecord[],
  notExported: readonly NotExported[],
  at: Date,
): Promise<void> {
  await folder.log('rotation-device-step', {
    role: device.role,
    serial: device.serial,
    stage: device.stage,
    ...(device.role === 'primary' ? { exported: device.exported ?? false } : {}),
    ...(files.length > 0
      ? { files: files.map((f) => ({ file: f.file, objectId: f.objectId, sha256: f.sha256 })) }
      : {}),
  });
  await folder.update((record) =>
    withCurrent(record, (rotation) => {
      const names = new Set(files.map((f) => f.file));
      return {
        ...rotation,
        devices: rotation.devices.map((d): RotationDevice =>
          d.serial === device.serial
            ? {
                role: d.role,
                serial: d.serial,
                stage: device.stage,
                ...(d.role === 'primary' ? { exported: device.exported ?? false } : {}),
                updatedAt: at.toISOString(),
              }
            : d,
        ),
        files: [...rotation.files.filter((f) => !names.has(f.file)), ...files],
        notExported:
          files.length > 0 || notExported.length > 0 ? [...notExported] : rotation.notExported,
      };
    }),
  );
}

/**
 * Every device holds only the new key: the new set becomes the ceremony's, the old one is
 * superseded (its key is gone from every device, so its shares rebuild nothing in use), and the
 * old .yhw files are listed for destruction.
 */
export async function recordRotationCompleted(
  folder: CeremonyFolder,
  at: Date,
  newWrapKeyObject: ObjectRecord | undefined,
): Promise<RotationRecord> {
  const record = folder.record;
  const rotation = currentRotation(record);
  const oldFolder = record.backupFolder;
  const toDestroy = record.files.map((f) => ({
    file: oldFolder ? join(oldFolder, f.file) : f.file,
    sha256: f.sha256,
  }));
  await folder.log('rotation-completed', {
    newKcv: rotation.newWrapKey.kcv,
    newWrapKeyId: rotation.newWrapKey.id,
    backupFolder: rotation.backupFolder,
    files: rotation.files.map((f) => f.file),
    toDestroy: toDestroy.map((f) => f.file),
  });
  await folder.log('share-set-superseded', {
    by: 'rotation',
    kcv: record.wrapKey!.kcv,
    wrapKeyId: record.wrapKey!.id,
    custodians: record.custodians.map((c) => ({ shareNumber: c.index, name: c.name })),
    stillRebuildsKey: false,
  });
  const updated = await folder.update((current) => {
    const done = withCurrent(current, (r) => ({
      ...r,
      status: 'completed',
      finishedAt: at.toISOString(),
      toDestroy,
    }));
    const oldId = current.wrapKey!.id;
    return {
      ...done,
      wrapKey: rotation.newWrapKey,
      custodians: rotation.custodians,
      files: rotation.files,
      backupFolder: rotation.backupFolder,
      inventory: [
        ...current.inventory.filter((o) => !(o.type === 'wrap-key' && o.id === oldId)),
        ...(newWrapKeyObject ? [newWrapKeyObject] : []),
      ].sort((a, b) => a.id - b.id || a.type.localeCompare(b.type)),
      supersededShareSets: [
        ...(current.supersededShareSets ?? []),
        {
          supersededAt: at.toISOString(),
          shareFormat: current.wrapKey!.shareFormat,
          threshold: current.wrapKey!.threshold,
          shareCount: current.wrapKey!.shareCount,
          custodians: current.custodians,
          by: 'rotation' as const,
          note: rotatedAwayNote(current.wrapKey!.id, current.wrapKey!.kcv, at),
        },
      ],
    };
  });
  return currentRotation(updated);
}

/** The superseded set's sentence: what its shares still rebuild after a rotation (nothing in use). */
export function rotatedAwayNote(wrapKeyId: number, kcv: string, at: Date): string {
  return `Superseded by the wrap-key rotation completed ${at.toISOString()}: these shares rebuild only the old wrap key 0x${wrapKeyId.toString(16).padStart(4, '0')} (check value ${kcv}), which was deleted from every device this ceremony knows. Collect and destroy them, with the old .yhw files.`;
}

/**
 * The rotation stopped. Before its entry was written (the new shares were not all handed out)
 * nothing changed and the transcript says so; once written, the entry stays in progress, so
 * the custodians' new shares resume it, and the transcript names the devices still holding the
 * old key.
 */
export async function logRotationStopped(
  folder: CeremonyFolder,
  reason: string,
  stillOld: readonly RotationDeviceProgress[] | undefined,
): Promise<void> {
  if (!stillOld) {
    await folder.log('rotation-abandoned', { reason, devicesTouched: false });
    return;
  }
  await folder.log('rotation-paused', {
    reason,
    stillHoldOldKey: stillOld.map((d) => ({ role: d.role, serial: d.serial, stage: d.stage })),
  });
}
