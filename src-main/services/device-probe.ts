// What state a YubiHSM 2 is in, learned the way an administrator would: try the factory
// authentication key (id 1, password "password", printed in Yubico's documentation; spec §3.1).
// If it opens a session and is the only object, the device is factory-fresh; if it opens one
// but other objects exist, someone started configuring it; if the key is refused or gone, the
// device has been through a ceremony.

import type { DeviceStatus } from '../../shared/ipc/devices';
import { isAuthenticationRefusal } from '../ceremonies/common/device-failures';
import { YubiHsmDeviceError, YubiHsmTransportError } from '../hsm/yubihsm/protocol/device-errors';
import {
  FACTORY_KEY_ID,
  FACTORY_PASSWORD,
  isFactoryFresh,
} from '../hsm/yubihsm/protocol/factory-state';

/** The part of a session the probe uses (YubiHsmClient's session has it). */
export interface ProbeSession {
  storageInfo(): Promise<{ totalRecords: number; freeRecords: number }>;
  listObjects(): Promise<readonly { id: number; type: number }[]>;
  close(): Promise<void>;
}

/** The part of a client the probe uses (YubiHsmClient has it). */
export interface ProbeClient {
  openSession(authKeyId: number, credential: { password: string }): Promise<ProbeSession>;
}

/** A short sentence for an unreachable device, built from the error kind, never its raw text. */
export function unreachableReason(error: unknown): string {
  if (error instanceof YubiHsmDeviceError)
    return `The device refused the status check (${error.errorName}). Unplug it, plug it back in, and wait a moment.`;
  if (error instanceof YubiHsmTransportError)
    return 'Custos could not talk to the device. Check the cable or the connector, then unplug and re-insert the device.';
  return 'Custos could not check this device. Unplug it, plug it back in, and wait a moment.';
}

export async function probeDeviceStatus(client: ProbeClient): Promise<DeviceStatus> {
  let session: ProbeSession;
  try {
    session = await client.openSession(FACTORY_KEY_ID, { password: FACTORY_PASSWORD });
  } catch (error) {
    // The factory key is refused or gone: the device was configured.
    if (isAuthenticationRefusal(error)) return { kind: 'configured' };
    throw error;
  }
  try {
    const storage = await session.storageInfo();
    const objects = await session.listObjects();
    const slots = {
      usedSlots: storage.totalRecords - storage.freeRecords,
      totalSlots: storage.totalRecords,
    };
    return isFactoryFresh(objects)
      ? { kind: 'factory-fresh', ...slots }
      : { kind: 'factory-key-present', ...slots };
  } finally {
    await session.close().catch(() => undefined);
  }
}
