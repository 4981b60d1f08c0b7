// How a ceremony engine reaches a device: by id, through whoever owns the devices (the device
// service in the app, one opened device spec in the CLI, a simulator tests can unplug). Which
// transport is used is decided there, in main (STYLE.md §8). The engine never holds a transport
// between steps: a step opens the device, does its work, and closes it, so an unplugged device
// costs one step, not the ceremony.

import type { DeviceRecord } from '../../../shared/records/ceremony-record';
import type { Credential } from '../../hsm/yubihsm/client/credential';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import type { TransportKind, YubiHsmTransport } from '../../hsm/yubihsm/transport/transport';
import { Refusal } from '../../refusal/refusal';
import { hexId } from './objects';

/** What is known of a device before talking to it. */
export interface DeviceIdentity {
  id: string;
  serial: number;
  firmware: string;
  simulated: boolean;
  transport: TransportKind;
}

export interface DeviceAccess {
  /** The device with this id as it is now, or undefined when it is not connected. */
  describe(deviceId: string): DeviceIdentity | undefined;
  /** A fresh transport to it; the caller closes it. Rejects when it is not connected. */
  openTransport(deviceId: string): Promise<YubiHsmTransport>;
  /** Asks for the device's status to be checked again (its card on the home screen). */
  refresh?(deviceId: string): Promise<void>;
}

/** A connected device, its firmware and serial as the device itself reports them (GET DEVICE INFO). */
export interface OpenDevice {
  client: YubiHsmClient;
  identity: DeviceIdentity;
  firmware: string;
  /** The serial the device reports; the one that counts for "is this the primary?". */
  serial: number;
}

export function deviceRecord(device: OpenDevice): DeviceRecord {
  return {
    serial: device.serial,
    firmware: device.firmware,
    transport: device.identity.transport,
    simulated: device.identity.simulated,
  };
}

/** Runs `use` with a client on a fresh transport, closing both afterwards whatever happens. */
export async function withClient<T>(
  access: DeviceAccess,
  deviceId: string,
  use: (client: YubiHsmClient) => Promise<T>,
): Promise<T> {
  const client = new YubiHsmClient(await access.openTransport(deviceId));
  try {
    return await use(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Opens the device, runs `use`, and closes sessions and transport whatever happens. */
export async function withDevice<T>(
  access: DeviceAccess,
  deviceId: string,
  use: (device: OpenDevice) => Promise<T>,
): Promise<T> {
  const identity = access.describe(deviceId);
  if (!identity) {
    throw new Refusal(
      'device-missing',
      'That device is not connected. Plug it in, wait until it appears in the list, and try again.',
    );
  }
  return withClient(access, deviceId, async (client) => {
    const info = await client.deviceInfo();
    return use({ client, identity, firmware: info.firmwareText, serial: info.serial });
  });
}

/**
 * Opens a session, turning "this key does not open" into a sentence naming the key and device.
 * `role` says which device it is in the ceremony's words ("the primary", "the secondary").
 */
export async function openSession(
  device: OpenDevice,
  authKeyId: number,
  credential: Credential,
  role: string,
): Promise<YubiHsmSession> {
  try {
    return await device.client.openSession(authKeyId, credential);
  } catch (error) {
    if (
      error instanceof YubiHsmDeviceError &&
      (error.is('AUTHENTICATION_FAILED') || error.is('OBJECT_NOT_FOUND'))
    ) {
      throw new Refusal(
        'wrong-password',
        `Authentication key ${hexId(authKeyId)} did not open a session on ${role} (serial ${device.serial}): check the key id and its password.`,
      );
    }
    throw error;
  }
}

/** Runs `use` in a session and closes it afterwards. */
export async function withSession<T>(
  device: OpenDevice,
  authKeyId: number,
  credential: Credential,
  role: string,
  use: (session: YubiHsmSession) => Promise<T>,
): Promise<T> {
  const session = await openSession(device, authKeyId, credential, role);
  try {
    return await use(session);
  } finally {
    await session.close().catch(() => undefined);
  }
}
