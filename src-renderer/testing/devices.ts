// Device descriptions for render and store tests, shaped as main sends them.

import type { DeviceStatus, DeviceView } from '../../shared/ipc/devices';

export function usbDevice(serial: number, status: DeviceStatus): DeviceView {
  return {
    id: `usb:${serial}`,
    name: 'YubiHSM 2',
    serial,
    transport: 'usb',
    firmware: '2.4.0',
    simulated: false,
    status,
  };
}

export function simulatedDevice(
  role: 'primary' | 'secondary',
  serial: number,
  status: DeviceStatus,
): DeviceView {
  const name = role === 'primary' ? 'Simulated primary' : 'Simulated secondary';
  return {
    id: `sim:${role}`,
    name,
    serial,
    transport: 'simulator',
    firmware: '2.4.0',
    simulated: true,
    status,
  };
}

export const FRESH: DeviceStatus = { kind: 'factory-fresh', usedSlots: 1, totalSlots: 256 };
