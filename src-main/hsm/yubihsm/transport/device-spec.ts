// Device strings as the CLI and configuration write them, and opening them:
//   sim:<state file>     a simulated YubiHSM 2 kept in that file (created factory-fresh if missing)
//   connector:<url>      a yubihsm-connector, also written as a bare http://host:port
//   usb | usb:<serial>   a YubiHSM 2 on USB, the only one or the one with that serial

import { resolve } from 'node:path';
import { YubiHsmTransportError } from '../protocol/device-errors';
import { ConnectorTransport, normalizeConnectorUrl } from './connector-transport';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { readDeviceIdentity } from './device-identity';
import { SimulatorTransport, type SimulatedDevice } from './simulator-transport';
import { systemUsb, type SystemUsb } from './system-usb';
import type { DeviceDescriptor, YubiHsmTransport } from './transport';
import { UsbTransport } from './usb-transport';

export type DeviceSpec =
  | { kind: 'sim'; statePath: string }
  | { kind: 'connector'; url: string }
  | { kind: 'usb'; serial?: number };

export class DeviceSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceSpecError';
  }
}

const FORMS = 'use sim:<state file>, connector:<url> (or http://host:port), usb, or usb:<serial>';

/** Parses a device string; relative state-file paths resolve against `cwd`. */
export function parseDeviceSpec(text: string, cwd: string = process.cwd()): DeviceSpec {
  const spec = text.trim();
  if (spec === '') throw new DeviceSpecError(`no device was given; ${FORMS}`);
  if (spec.startsWith('sim:')) {
    const path = spec.slice('sim:'.length).trim();
    if (path === '')
      throw new DeviceSpecError(`"${spec}" names no state file; write it like sim:primary.json`);
    return { kind: 'sim', statePath: resolve(cwd, path) };
  }
  if (spec.startsWith('connector:') || /^https?:\/\//i.test(spec)) {
    const url = spec.startsWith('connector:') ? spec.slice('connector:'.length).trim() : spec;
    try {
      return { kind: 'connector', url: normalizeConnectorUrl(url) };
    } catch (error) {
      throw new DeviceSpecError(error instanceof Error ? error.message : String(error));
    }
  }
  if (spec === 'usb') return { kind: 'usb' };
  if (spec.startsWith('usb:')) {
    const serial = spec.slice('usb:'.length).trim();
    if (!/^\d{1,10}$/.test(serial) || Number(serial) > 0xffffffff || Number(serial) === 0) {
      throw new DeviceSpecError(
        `"${spec}" has no valid serial: write the decimal serial printed on the device, like usb:7550140`,
      );
    }
    return { kind: 'usb', serial: Number.parseInt(serial, 10) };
  }
  throw new DeviceSpecError(`"${spec}" is not a device; ${FORMS}`);
}

export function formatDeviceSpec(spec: DeviceSpec): string {
  switch (spec.kind) {
    case 'sim':
      return `sim:${spec.statePath}`;
    case 'connector':
      return `connector:${spec.url}`;
    case 'usb':
      return spec.serial === undefined ? 'usb' : `usb:${spec.serial}`;
  }
}

export interface OpenedDevice {
  transport: YubiHsmTransport;
  descriptor: DeviceDescriptor;
}

/**
 * The simulated YubiHSM 2 kept in a state file (created factory-fresh when the file is absent):
 * how the headless commands and `sim:` device strings reach a simulator, so nothing outside the
 * device layer needs the simulator itself.
 */
export function loadSimulatedDevice(statePath: string): Promise<SimulatedDevice> {
  return SimulatedYubiHsm.create({ statePath });
}

export interface OpenDeviceDependencies {
  /** Loads or creates the simulated device kept in a state file; defaults to SimulatedYubiHsm. */
  createSimulator?: (statePath: string) => Promise<SimulatedDevice>;
  /** Where the USB bus comes from; defaults to the `usb` package. */
  usb?: () => Promise<SystemUsb>;
}

/** Opens the device a spec names and reads who it is (serial, firmware). */
export async function openDevice(
  spec: DeviceSpec,
  dependencies: OpenDeviceDependencies = {},
): Promise<OpenedDevice> {
  switch (spec.kind) {
    case 'sim': {
      const createSimulator = dependencies.createSimulator ?? loadSimulatedDevice;
      const device = await createSimulator(spec.statePath);
      const transport = new SimulatorTransport(device, { name: spec.statePath });
      const descriptor = {
        id: `sim:${spec.statePath}`,
        serial: device.serial,
        transport: 'simulator',
        firmware: device.firmware,
        simulated: true,
      } as const;
      return { transport, descriptor };
    }
    case 'connector': {
      const transport = await ConnectorTransport.connect(spec.url);
      return identify(transport, `connector:${spec.url}`);
    }
    case 'usb': {
      const usb = await (dependencies.usb ?? systemUsb)();
      if (!usb.available) throw new YubiHsmTransportError(usb.reason);
      const transport = await UsbTransport.open(
        usb.bus,
        spec.serial === undefined ? {} : { serial: spec.serial },
      );
      return identify(transport, `usb:${transport.serial}`);
    }
  }
}

async function identify(transport: YubiHsmTransport, id: string): Promise<OpenedDevice> {
  try {
    // A device on USB is hardware; behind a connector it may be Custos's simulator.
    const identity = await readDeviceIdentity(transport, {
      askPartNumber: transport.kind !== 'usb',
    });
    return {
      transport,
      descriptor: {
        id,
        serial: identity.serial,
        transport: transport.kind,
        firmware: identity.firmware,
        simulated: identity.simulated,
      },
    };
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  }
}
