// Handlers for the shell's own channels: which host this is, and the devices present.
// Ceremony channels get their own handler tables next to this one (see handlers.ts).

import type { HostInfo } from '../../shared/ipc/contract';
import type { DeviceView } from '../../shared/ipc/devices';
import type { SmartCardList } from '../../shared/ipc/smartcards';
import { ok } from '../../shared/ipc/result';
import type { Handlers } from './router';

export interface ShellServices {
  hostInfo: HostInfo;
  devices: { list(): DeviceView[] };
  /** The SmartCard-HSM family; absent where a host runs without it (an empty list then). */
  smartCards?: { list(): SmartCardList };
}

export function shellHandlers(
  services: ShellServices,
): Pick<Handlers, 'host/info' | 'device/list' | 'smartcard/list'> {
  return {
    'host/info': () => ok(services.hostInfo),
    'device/list': () => ok(services.devices.list()),
    'smartcard/list': () => ok(services.smartCards?.list() ?? { cards: [] }),
  };
}
