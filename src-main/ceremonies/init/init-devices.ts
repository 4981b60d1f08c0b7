// What the initialization engine needs of "the devices": describe one by its id and open a
// transport to it. The app hands it the device service; the CLI one simulated device; tests a
// simulator they can unplug. Which transport is used is decided here, in main (STYLE.md §8).

import type { TransportKind } from '../../../shared/ipc/devices';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import type { YubiHsmTransport } from '../../hsm/yubihsm/transport/transport';

export interface PrimaryDevice {
  id: string;
  serial: number;
  firmware: string;
  transport: TransportKind;
  simulated: boolean;
}

export interface InitDevices {
  /** The device with this id as it is now, or undefined when it is not connected. */
  describe(deviceId: string): PrimaryDevice | undefined;
  /** A fresh transport to the device; the caller closes it. Rejects when it is not connected. */
  openTransport(deviceId: string): Promise<YubiHsmTransport>;
  /** Asks for the device's status to be checked again (its card on the home screen). */
  refresh?(deviceId: string): Promise<void>;
}

/** Runs `use` with a client on a fresh transport, closing both afterwards. */
export async function withClient<T>(devices: InitDevices, deviceId: string, use: (client: YubiHsmClient) => Promise<T>): Promise<T> {
  const client = new YubiHsmClient(await devices.openTransport(deviceId));
  try {
    return await use(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}
