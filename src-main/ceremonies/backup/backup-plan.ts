// Which objects a back-up exports (spec/yubihsm-setup-interop.md §5): everything the
// application key can see, except what the device would refuse — the wrap key itself, objects
// without exportable-under-wrap, objects whose capabilities the wrap key may not carry — each
// listed with the reason. yubihsm-setup tries them all and prints errors; Custos says why
// beforehand. A file already in the folder is kept unless the person chooses to replace it.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectRecord } from '../../../shared/records/ceremony-record';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { capabilityNames, hasCapability } from '../../hsm/yubihsm/protocol/capabilities';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { Refusal } from '../../refusal/refusal';
import { wrappedFileName } from '../../records/wrapped-file';
import { hexId, readInventory } from '../common/objects';

export type PlannedStatus = 'export' | 'exists' | 'not-exportable';

export interface PlannedObject {
  info: ObjectInfo;
  record: ObjectRecord;
  /** The .yhw name, for objects that can be exported. */
  file?: string;
  status: PlannedStatus;
  reason?: string;
}

export interface BackupPlan {
  wrapKeyId: number;
  objects: PlannedObject[];
}

/**
 * Where a back-up writes, and looks for files already there: the record's current backup folder
 * (a completed rotation's), or the ceremony folder itself.
 */
export function backupDirectory(folder: {
  path: string;
  record: { backupFolder?: string | undefined };
}): string {
  return folder.record.backupFolder ? join(folder.path, folder.record.backupFolder) : folder.path;
}

export async function planBackup(
  session: YubiHsmSession,
  folderPath: string,
  wrapKeyId: number,
): Promise<BackupPlan> {
  const inventory = await readInventory(session);
  const wrapKey = inventory.find(
    (o) => o.info.type === ObjectType.WrapKey && o.info.id === wrapKeyId,
  );
  if (!wrapKey) {
    throw new Refusal(
      'not-found',
      `The wrap key ${hexId(wrapKeyId)} recorded for this ceremony is not visible to authentication key ${hexId(session.authKeyId)} on this device: check that this is the primary and that the key shares a domain with the wrap key.`,
    );
  }
  const objects: PlannedObject[] = [];
  for (const { info, record } of inventory) {
    const reason = whyNotExportable(info, wrapKey.info);
    if (reason) {
      objects.push({ info, record, status: 'not-exportable', reason });
      continue;
    }
    const file = wrappedFileName(info.id, record.type);
    const exists = await fileExists(join(folderPath, file));
    objects.push({
      info,
      record,
      file,
      status: exists ? 'exists' : 'export',
      ...(exists
        ? {
            reason: `${file} is already in the ceremony folder; it is kept unless you choose to replace it.`,
          }
        : {}),
    });
  }
  return { wrapKeyId, objects };
}

/** Why the device will refuse to export `object` under `wrapKey` (spec §10.4), or undefined. */
export function whyNotExportable(object: ObjectInfo, wrapKey: ObjectInfo): string | undefined {
  if (object.type === ObjectType.WrapKey && object.id === wrapKey.id) {
    return "This is the wrap key itself; it is never exported under itself. The custodians' shares restore it.";
  }
  if (!hasCapability(object.capabilities, 'exportable-under-wrap')) {
    return 'It lacks the exportable-under-wrap capability, so the device will not export it: it stays on this device only.';
  }
  const beyond = object.capabilities & ~wrapKey.delegatedCapabilities;
  if (beyond !== 0n) {
    return `Its capabilities include ${capabilityNames(beyond).join(', ')}, which the wrap key may not carry (they are not in its delegated capabilities), so the device will not export it.`;
  }
  return undefined;
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
