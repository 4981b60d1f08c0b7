// Preflight of the secondary (brief, restore step 2): it must not be the primary (by the serial
// the device itself reports), and the factory key (id 1, "password", spec §7) must open a
// session on a device holding nothing else. A device that looks like a partial restore of this
// ceremony — the factory key, a wrap key with its id and only objects the folder's .yhw files
// name — is offered as "resume" instead of being refused. Looks like: object info cannot tell
// one wrap key from another, so the device steps prove the key is this ceremony's before they
// import anything under it (secondary-wrap-key.ts).

import type { SecondaryCheck } from '../../../shared/ceremony/restore-snapshot';
import type { RestoreRecord } from '../../../shared/records/ceremony-record';
import { FACTORY_KEY_ID, FACTORY_PASSWORD } from '../../hsm/yubihsm/protocol/factory-state';
import type { OpenDevice } from '../common/device-access';
import { isAuthenticationRefusal } from '../common/device-failures';
import { hexId, objectKey, readInventory, summarizeObject } from '../common/objects';

export interface SecondaryExpectation {
  /** The primary's serial from the record (interop: unknown). */
  primarySerial?: number;
  /** The recorded wrap key id (interop: any wrap key, checked again once the key is known). */
  wrapKeyId?: number;
  /** "type:id" of every object the folder's .yhw files name. */
  backupObjects: ReadonlySet<string>;
  /** Record mode: the restores the record lists (an earlier one onto this device may have finished). */
  earlierRestores?: readonly Pick<
    RestoreRecord,
    'finishedAt' | 'status' | 'factoryKey' | 'device'
  >[];
}

export async function checkSecondary(
  device: OpenDevice,
  expect: SecondaryExpectation,
): Promise<SecondaryCheck> {
  const { id: deviceId, simulated } = device.identity;
  const base = { deviceId, serial: device.serial };
  if (expect.primarySerial !== undefined && device.serial === expect.primarySerial) {
    return {
      state: 'refused',
      ...base,
      reason: 'is-primary',
      message: `This device (serial ${device.serial}) is the primary of this ceremony. A restore needs a second, factory-fresh YubiHSM 2: plug in the secondary and choose it.`,
    };
  }
  let session;
  try {
    session = await device.client.openSession(FACTORY_KEY_ID, { password: FACTORY_PASSWORD });
  } catch (error) {
    if (isAuthenticationRefusal(error)) {
      return {
        state: 'refused',
        ...base,
        reason: 'configured',
        message: configuredMessage(device.serial, expect.earlierRestores),
      };
    }
    throw error;
  }
  try {
    const objects = (await readInventory(session)).map((o) => o.record);
    const others = objects.filter(
      (o) => !(o.type === 'authentication-key' && o.id === FACTORY_KEY_ID),
    );
    const identity = { ...base, firmware: device.firmware, simulated };
    if (others.length === 0) return { state: 'factory-fresh', ...identity };
    const wrapKeys = others.filter(
      (o) => o.type === 'wrap-key' && (expect.wrapKeyId === undefined || o.id === expect.wrapKeyId),
    );
    const fromBackups = others.every(
      (o) =>
        (o.type === 'wrap-key' && wrapKeys.includes(o)) ||
        expect.backupObjects.has(objectKey(o.type, o.id)),
    );
    const summaries = objects.map(summarizeObject);
    if (wrapKeys.length === 1 && fromBackups) {
      const imported = others.length - 1;
      return {
        state: 'resume',
        ...identity,
        objects: summaries,
        message: `This device looks like a partial restore of this ceremony: the factory key, wrap key ${hexId(wrapKeys[0]!.id)} and ${imported} object${imported === 1 ? '' : 's'} from the folder's backups. The restore will resume: before importing, Custos proves that wrap key is this ceremony's, then objects already there are recognised and skipped.`,
      };
    }
    return {
      state: 'refused',
      ...base,
      reason: 'not-factory-fresh',
      objects: summaries,
      message: `This device (serial ${device.serial}) is not factory-fresh: besides the factory key it holds ${others.length} ${others.length === 1 ? 'object that is' : 'objects that are'} not a partial restore of this ceremony. Reset it to factory state before restoring onto it, or choose another device.`,
    };
  } finally {
    await session.close().catch(() => undefined);
  }
}

/**
 * Why a device whose factory key is gone is refused. With a record, it may be this ceremony's own
 * clone (a restore deletes the factory key at its end, and recording that may have failed):
 * resetting it would wipe a good clone, so the sentence says to verify it first.
 */
function configuredMessage(
  serial: number,
  earlierRestores: SecondaryExpectation['earlierRestores'],
): string {
  const configured = `The factory authentication key does not open a session on this device (serial ${serial}): it has already been configured.`;
  const reset =
    "Reset it to factory state (see Yubico's instructions) before restoring onto it, or choose another device.";
  if (!earlierRestores) return `${configured} ${reset}`;
  const onThis = earlierRestores
    .filter((r) => r.device.serial === serial && r.factoryKey !== 'kept')
    .at(-1);
  const recorded = onThis
    ? ` The record shows a restore of this ceremony onto it that ended ${onThis.finishedAt} (${onThis.status}) and ${onThis.factoryKey === 'deleted' ? 'deleted' : 'may have deleted'} its factory key.`
    : '';
  return `${configured}${recorded} An earlier restore of this ceremony may have finished on it (a restore deletes the factory key at its end, even if writing that to the folder then failed): verify it against this ceremony with the application key first (Verify a clone, or custos verify), and if it matches it is already a clone. Only if it is not, reset it to factory state (see Yubico's instructions) before restoring onto it, or choose another device.`;
}

/** The objects a folder's .yhw file names promise, as "type:id". */
export function backupObjectsFromNames(
  files: readonly { objectId?: number; typeName?: string }[],
): Set<string> {
  return new Set(
    files
      .filter((f) => f.objectId !== undefined && f.typeName !== undefined)
      .map((f) => objectKey(f.typeName!, f.objectId!)),
  );
}
