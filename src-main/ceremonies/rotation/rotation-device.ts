// One device's part of a rotation (issue 12 §3), each task recognised when an earlier attempt
// already did it: the new wrap key put (or, found there, proven to be the new key: an object
// exported under it opens with the key main holds), on the primary every exportable object
// exported under it into the rotation's backup folder (atomic writes, our own folder, so a file
// from an interrupted attempt is simply written again), then the old wrap key deleted. After
// every task the caller records how far the device got, so a device pulled out mid-rotation is
// resumed from there.

import { join } from 'node:path';
import type { NotExportedSchema, WrappedFileRecord } from '../../../shared/records/ceremony-record';
import {
  afterDeviceTask,
  nextDeviceTask,
  type RotationDeviceProgress,
} from '../../../shared/ceremony/rotation-steps';
import type { z } from 'zod';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import { Refusal } from '../../refusal/refusal';
import type { WrapSecret } from '../../secrets';
import { planBackup } from '../backup/backup-plan';
import { isConnectionLoss } from '../common/device-failures';
import { hexId, nameObject, objectKey, readInventory } from '../common/objects';
import { putOrProveWrapKey } from '../restore/secondary-wrap-key';

export type NotExported = z.infer<typeof NotExportedSchema>;

export interface DeviceRun {
  session: YubiHsmSession;
  device: RotationDeviceProgress;
  /** The new wrap key and its policy; the caller owns (and wipes) it. */
  secret: WrapSecret;
  oldWrapKeyId: number;
  folder: CeremonyFolder;
  /** The rotation's backup folder's name, inside the ceremony folder. */
  backupFolder: string;
  clock: () => Date;
  /** After each task: record how far the device got (and any files written). */
  onTask: (
    device: RotationDeviceProgress,
    files: readonly WrappedFileRecord[],
    notExported: readonly NotExported[],
  ) => Promise<void>;
  /** A sentence per thing done, for the screen and the CLI. */
  say: (sentence: string) => void;
}

export async function rotateDevice(run: DeviceRun): Promise<RotationDeviceProgress> {
  const { session, secret } = run;
  let device = run.device;
  const role = `the ${device.role}`;
  const present = new Map(
    (await readInventory(session)).map(({ info, record }) => [
      objectKey(info.type, info.id),
      record,
    ]),
  );
  const hasOld = present.has(objectKey(ObjectType.WrapKey, run.oldWrapKeyId));
  const hasNew = present.has(objectKey(ObjectType.WrapKey, secret.wrapKeyId));
  if (!hasOld && !hasNew)
    throw new Refusal(
      'conflict',
      `Neither the old wrap key ${hexId(run.oldWrapKeyId)} nor the new one ${hexId(secret.wrapKeyId)} is on ${role} (serial ${device.serial}), although this ceremony's record says it holds one: it was reset or changed outside Custos. Nothing was written; restore it again from the new shares once the rotation is complete.`,
    );
  // The device is further on than the record says when an answer was lost after the work was done.
  if (!hasOld && device.stage !== 'new-key' && (device.role === 'secondary' || device.exported))
    device = { ...device, stage: 'new-key' };
  for (let task = nextDeviceTask(device); task !== 'done'; task = nextDeviceTask(device)) {
    let files: WrappedFileRecord[] = [];
    let notExported: NotExported[] = [];
    if (task === 'put-new-key') {
      const how = await putOrProveWrapKey(session, secret, present, role);
      run.say(
        how === 'put'
          ? `The new wrap key ${hexId(secret.wrapKeyId)} was put on ${role} (serial ${device.serial}).`
          : `The new wrap key ${hexId(secret.wrapKeyId)} was already on ${role} (serial ${device.serial}) from an earlier attempt${how === 'proven' ? ', and proven to be the new key' : ''}.`,
      );
    } else if (task === 'export') {
      ({ files, notExported } = await exportUnderNewKey(run));
      run.say(
        `${files.length} object${files.length === 1 ? '' : 's'} of the primary exported under the new wrap key into ${run.backupFolder}/${notExported.length > 0 ? `; ${notExported.length} not exportable` : ''}.`,
      );
    } else {
      await deleteOldKey(session, run.oldWrapKeyId);
      run.say(
        `The old wrap key ${hexId(run.oldWrapKeyId)} was deleted from ${role} (serial ${device.serial}).`,
      );
    }
    device = afterDeviceTask(device, task);
    await run.onTask(device, files, notExported);
  }
  return device;
}

async function exportUnderNewKey(
  run: DeviceRun,
): Promise<{ files: WrappedFileRecord[]; notExported: NotExported[] }> {
  const plan = await planBackup(
    run.session,
    join(run.folder.path, run.backupFolder),
    run.secret.wrapKeyId,
  );
  const files: WrappedFileRecord[] = [];
  const notExported: NotExported[] = [];
  // Wrap keys are never exported: the new one travels as the custodians' shares, the old one goes.
  for (const object of plan.objects.filter((o) => o.info.type !== ObjectType.WrapKey)) {
    if (object.status === 'not-exportable') {
      notExported.push({
        objectId: object.info.id,
        type: object.record.type,
        label: object.record.label,
        reason: object.reason!,
      });
      continue;
    }
    let blob: Uint8Array;
    try {
      blob = await run.session.exportWrapped(
        run.secret.wrapKeyId,
        object.info.type,
        object.info.id,
      );
    } catch (error) {
      if (error instanceof YubiHsmDeviceError && !isConnectionLoss(error))
        throw new Refusal(
          'conflict',
          `The primary refused to export ${nameObject(object.record)} under the new wrap key: ${error.sentence}. The old wrap key was kept; run the device step again once this is understood.`,
        );
      throw error;
    }
    files.push(
      await run.folder.writeWrappedObject(object.info.id, object.record.type, blob, {
        replace: true,
        into: run.backupFolder,
        now: run.clock(),
      }),
    );
  }
  return { files, notExported };
}

async function deleteOldKey(session: YubiHsmSession, id: number): Promise<void> {
  try {
    await session.deleteObject(id, ObjectType.WrapKey);
  } catch (error) {
    // Deleted by an earlier attempt whose answer was lost: the key is gone, as wanted.
    if (error instanceof YubiHsmDeviceError && error.is('OBJECT_NOT_FOUND')) return;
    throw error;
  }
}
