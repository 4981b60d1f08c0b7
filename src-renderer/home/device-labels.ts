// The words the UI uses for a device's transport and status. Every status has a label and a
// sentence, so meaning never rests on a badge's colour alone.

import type { DeviceStatus, DeviceView, TransportKind } from '../../shared/ipc/devices';

export const TRANSPORT_LABEL: Readonly<Record<TransportKind, string>> = {
  usb: 'USB',
  connector: 'yubihsm-connector',
  simulator: 'Simulator',
};

export const STATUS_LABEL: Readonly<Record<DeviceStatus['kind'], string>> = {
  checking: 'Checking…',
  'factory-fresh': 'Factory-fresh',
  'factory-key-present': 'Factory key present',
  configured: 'Configured',
  unreachable: 'Unreachable',
};

export interface StatusWords {
  readonly label: string;
  readonly detail: string;
}

export function statusWords(status: DeviceStatus): StatusWords {
  const label = STATUS_LABEL[status.kind];
  switch (status.kind) {
    case 'checking':
      return { label, detail: 'Custos is asking the device what it holds.' };
    case 'factory-fresh':
      return { label, detail: 'Only the factory authentication key is on it.' };
    case 'factory-key-present':
      return { label, detail: 'The factory key still opens it, but it holds other objects too.' };
    case 'configured':
      return { label, detail: 'Its factory key is gone: it has been through a ceremony.' };
    case 'unreachable':
      return { label, detail: status.reason };
  }
}

/** "1 of 256 used", or why the count is not known. */
export function slotsText(status: DeviceStatus): string {
  switch (status.kind) {
    case 'factory-fresh':
    case 'factory-key-present':
      return `${status.usedSlots} of ${status.totalSlots} used`;
    case 'configured':
      return 'Not shown: reading them needs the application key';
    case 'checking':
      return 'Not known yet';
    case 'unreachable':
      return 'Not known';
  }
}

/** How prompts name one device: "Simulated primary, serial 1000001". */
export function deviceName(device: DeviceView): string {
  return `${device.name}, serial ${device.serial}`;
}
