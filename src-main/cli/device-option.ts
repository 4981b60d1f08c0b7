// The --device option shared by commands that talk to a YubiHSM 2 (init, dump, restore,
// verify): one spelling of the device strings everywhere, and a bad string is a usage error.

import {
  DeviceSpecError,
  openDevice,
  parseDeviceSpec,
  type DeviceSpec,
  type OpenDeviceDependencies,
  type OpenedDevice,
} from '../hsm/yubihsm/transport/device-spec';
import { UsageError, type OptionSpec } from './command';

export function deviceOption(description: string, required = true): OptionSpec {
  return {
    name: 'device',
    value: 'device',
    description: `${description} One of sim:<state file>, connector:<url> (or http://host:port), usb, usb:<serial>.`,
    required,
  };
}

/** Parses a --device value; relative state files resolve against the command's cwd. */
export function deviceSpecOption(text: string, cwd: string): DeviceSpec {
  try {
    return parseDeviceSpec(text, cwd);
  } catch (error) {
    if (error instanceof DeviceSpecError) throw new UsageError(`--device: ${error.message}`);
    throw error;
  }
}

/** Parses and opens a --device value; transport failures stay expected errors (exit 1). */
export function openDeviceOption(
  text: string,
  cwd: string,
  dependencies?: OpenDeviceDependencies,
): Promise<OpenedDevice> {
  return openDevice(deviceSpecOption(text, cwd), dependencies);
}
