// The app's devices as every ceremony engine sees them: the device service's list (real and
// embedded simulated devices), its transports and its status refresh.

import type { DeviceView } from '../../../shared/ipc/devices';
import type { YubiHsmTransport } from '../../hsm/yubihsm/transport/transport';
import type { DeviceAccess } from './device-access';

export interface DeviceServicePort {
  list(): DeviceView[];
  openTransport(id: string): Promise<YubiHsmTransport>;
  refresh(id?: string): Promise<void>;
}

export function appDevices(service: DeviceServicePort): DeviceAccess {
  return {
    describe(deviceId) {
      const view = service.list().find((device) => device.id === deviceId);
      return (
        view && {
          id: view.id,
          serial: view.serial,
          firmware: view.firmware,
          transport: view.transport,
          simulated: view.simulated,
        }
      );
    },
    openTransport: (deviceId) => service.openTransport(deviceId),
    refresh: (deviceId) => service.refresh(deviceId),
  };
}
