// Preflight's device check: is the chosen YubiHSM 2 factory-fresh? Learnt as an administrator
// would, with the factory authentication key (id 1, password "password", spec §7): if it opens
// a session and is the only object, the device is fresh; if other objects exist they are
// listed so the screen can say what a reset would delete; if it does not open, the device has
// been configured. The session is closed before the answer comes back.

import type { ObjectSummary, PrimaryCheck } from '../../../shared/ceremony/init-snapshot';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import type { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import {
  FACTORY_KEY_ID,
  FACTORY_PASSWORD,
  isFactoryFresh,
} from '../../hsm/yubihsm/protocol/factory-state';
import { hexId, listObjectInfos, summarizeObjectInfo } from '../common/objects';
import { deviceFailureReason, isAuthenticationRefusal } from '../common/device-failures';
import { withClient, type DeviceAccess, type DeviceIdentity } from '../common/device-access';

export interface PrimaryInspection {
  check: PrimaryCheck;
  /** The device as it answered (serial and firmware from DEVICE INFO), when it answered. */
  device?: DeviceIdentity;
  /** Every object the factory key sees, with its info. Empty unless the key opened a session. */
  inventory: ObjectInfo[];
}

/** What the device asks people to type before a reset (with the word main showed, if any). */
export function resetConfirmationFor(serial: number, word?: string): string {
  return word === undefined ? `RESET ${serial}` : `RESET ${serial} ${word}`;
}

/** Lists every object with its info inside a session opened with the factory key. */
export async function factoryInventory(client: YubiHsmClient): Promise<ObjectInfo[]> {
  const session = await client.openSession(FACTORY_KEY_ID, { password: FACTORY_PASSWORD });
  try {
    return await listObjectInfos(session);
  } finally {
    await session.close().catch(() => undefined);
  }
}

export async function inspectPrimary(
  devices: DeviceAccess,
  deviceId: string,
): Promise<PrimaryInspection> {
  const described = devices.describe(deviceId);
  if (!described) {
    return {
      check: {
        state: 'unreachable',
        deviceId,
        message:
          'That device is not connected. Plug it in, wait until it is listed, then choose it again.',
      },
      inventory: [],
    };
  }
  try {
    return await withClient(devices, deviceId, async (client) => {
      const info = await client.deviceInfo();
      const device: DeviceIdentity = {
        ...described,
        serial: info.serial,
        firmware: info.firmwareText,
      };
      let inventory: ObjectInfo[];
      try {
        inventory = await factoryInventory(client);
      } catch (error) {
        if (!isAuthenticationRefusal(error)) throw error;
        const message =
          'The factory authentication key (id 1, password "password") does not open a session on this device, so it has already been configured. ' +
          'Initialize a factory-fresh YubiHSM 2 instead, or reset this one with yubihsm-shell using a key that may reset it.';
        return {
          check: { state: 'configured', deviceId, serial: device.serial, message },
          device,
          inventory: [],
        };
      }
      const objects: ObjectSummary[] = inventory.map(summarizeObjectInfo);
      const base = {
        deviceId,
        serial: device.serial,
        firmware: device.firmware,
        simulated: device.simulated,
        objects,
      };
      const check: PrimaryCheck = isFactoryFresh(inventory)
        ? { state: 'factory-fresh', ...base }
        : { state: 'not-fresh', ...base };
      return { check, device, inventory };
    });
  } catch (error) {
    return {
      check: {
        state: 'unreachable',
        deviceId,
        message: `Custos could not check this device: ${deviceFailureReason(error, 'the device')}.`,
      },
      inventory: [],
    };
  }
}

/** RESET DEVICE with the factory key (spec §7): every object goes, the factory key comes back. */
export async function resetPrimary(devices: DeviceAccess, deviceId: string): Promise<void> {
  await withClient(devices, deviceId, async (client) => {
    const session = await client.openSession(FACTORY_KEY_ID, { password: FACTORY_PASSWORD });
    await session.resetDevice();
  });
}

/** "the factory authentication key 0x0001 and 2 other objects (…)" for the not-fresh sentence. */
export function describeExtraObjects(objects: readonly ObjectSummary[]): string {
  const others = objects.filter(
    (object) => !(object.id === FACTORY_KEY_ID && object.type === 'authentication-key'),
  );
  return others.map((object) => `${object.type} ${hexId(object.id)} "${object.label}"`).join(', ');
}
