// Test support: one simulated device behind the fault wrapper (transport/fault-injection.ts),
// as a ceremony engine's device set. A disconnected device is not listed and cannot be opened,
// as a pulled USB device; reconnect() on the wrapper brings it back freshly booted.

import type { FaultInjectingDevice } from '../../hsm/yubihsm/transport/fault-injection';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { Refusal } from '../../refusal/refusal';
import type { DeviceAccess } from '../common/device-access';

export function faultyDevices(id: string, device: FaultInjectingDevice): DeviceAccess {
  return {
    describe: (asked) =>
      asked === id && !device.disconnected
        ? {
            id,
            serial: device.serial,
            firmware: device.firmware,
            transport: 'simulator',
            simulated: true,
          }
        : undefined,
    openTransport: async (asked) => {
      if (asked !== id || device.disconnected)
        throw new Refusal('device-missing', 'That device is no longer connected.');
      return new SimulatorTransport(device, { name: id });
    },
  };
}

/** Runs an intent until it answers, reconnecting the device between tries (at most 3). */
export async function withRetries<T>(
  device: FaultInjectingDevice,
  said: string[],
  attempt: () => Promise<T>,
  done: (answer: T) => boolean,
): Promise<T> {
  let last: T | undefined;
  for (let tries = 0; tries < 4; tries += 1) {
    try {
      last = await attempt();
      if (done(last)) return last;
      said.push('not done yet');
    } catch (error) {
      said.push((error as Error).message);
    }
    await device.reconnect();
  }
  throw new Error(`never finished: ${said.join(' / ')}`);
}
