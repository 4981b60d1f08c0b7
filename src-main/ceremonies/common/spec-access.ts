// Devices named by device strings (sim:<state file>, connector:<url>, usb[:<serial>]), as the
// headless commands name them, behind the same DeviceAccess the app's device service gives the
// engines. A simulated device is loaded from its state file once and shared by every transport
// opened to it, so what one step writes the next step sees.

import {
  loadSimulatedDevice,
  openDevice,
  formatDeviceSpec,
  type DeviceSpec,
} from '../../hsm/yubihsm/transport/device-spec';
import {
  SimulatorTransport,
  type SimulatedDevice,
} from '../../hsm/yubihsm/transport/simulator-transport';
import type { DeviceAccess, DeviceIdentity } from './device-access';

interface Opened {
  identity: DeviceIdentity;
  simulator?: SimulatedDevice;
}

/** Opens every spec once (a missing simulator state file is created factory-fresh) and names each by its device string. */
export async function specAccess(
  specs: readonly DeviceSpec[],
): Promise<{ access: DeviceAccess; ids: string[] }> {
  const opened = new Map<string, Opened>();
  const ids: string[] = [];
  for (const spec of specs) {
    const id = formatDeviceSpec(spec);
    ids.push(id);
    if (opened.has(id)) continue;
    if (spec.kind === 'sim') {
      const simulator = await loadSimulatedDevice(spec.statePath);
      opened.set(id, {
        simulator,
        identity: {
          id,
          serial: simulator.serial,
          firmware: simulator.firmware,
          transport: 'simulator',
          simulated: true,
        },
      });
      continue;
    }
    const device = await openDevice(spec);
    await device.transport.close();
    opened.set(id, {
      identity: {
        id,
        serial: device.descriptor.serial,
        firmware: device.descriptor.firmware,
        transport: device.descriptor.transport,
        simulated: false,
      },
    });
  }
  const access: DeviceAccess = {
    describe: (id) => opened.get(id)?.identity,
    async openTransport(id) {
      const entry = opened.get(id);
      if (entry?.simulator) return new SimulatorTransport(entry.simulator, { name: id });
      const spec = specs.find((s) => formatDeviceSpec(s) === id);
      if (!spec) throw new Error(`no device ${id} was named`);
      return (await openDevice(spec)).transport;
    },
  };
  return { access, ids };
}
