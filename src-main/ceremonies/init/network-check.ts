// Preflight's network check: a key ceremony belongs on an air-gapped machine, so Custos lists
// every active network interface that is not loopback and says plainly whether the machine
// looks offline. A warning, never a block: the administrator decides.

import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { NetworkCheck } from '../../../shared/ceremony/init-snapshot';

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

export function checkNetwork(table: InterfaceTable = networkInterfaces()): NetworkCheck {
  const interfaces = Object.entries(table)
    .map(([name, infos]) => ({
      name,
      addresses: (infos ?? []).filter((info) => !info.internal).map((info) => info.address),
    }))
    .filter((entry) => entry.addresses.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { airGapped: interfaces.length === 0, interfaces };
}

/** The sentence the review screen shows when the machine is online. */
export function networkWarning(check: NetworkCheck): string | undefined {
  if (check.airGapped) return undefined;
  const names = check.interfaces.map((entry) => entry.name).join(', ');
  return `This machine has active network interfaces (${names}); a key ceremony should run on an air-gapped machine. Disconnect them before the shares are shown, or go on knowingly.`;
}
