// GET DEVICE INFO (spec §4.3): major || minor || patch || serial (4) || log total || log used ||
// supported algorithm codes, one byte each.

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { readU32 } from '../protocol/bytes';

export interface FirmwareVersion {
  major: number;
  minor: number;
  patch: number;
}

export interface DeviceInfo {
  firmware: FirmwareVersion;
  /** "2.4.0" */
  firmwareText: string;
  serial: number;
  /** Audit log slots (62 on a YubiHSM 2). */
  logTotal: number;
  logUsed: number;
  algorithms: number[];
}

export function parseDeviceInfo(payload: Uint8Array): DeviceInfo {
  if (payload.length < 9) {
    throw new YubiHsmProtocolError(
      Command.DeviceInfo,
      `expected at least 9 bytes of device information, got ${payload.length}`,
    );
  }
  const firmware = { major: payload[0]!, minor: payload[1]!, patch: payload[2]! };
  return {
    firmware,
    firmwareText: `${firmware.major}.${firmware.minor}.${firmware.patch}`,
    serial: readU32(payload, 3),
    logTotal: payload[7]!,
    logUsed: payload[8]!,
    algorithms: [...payload.subarray(9)],
  };
}

/** The message buffer of this firmware, header included (spec §1.2). */
export function maxFrameLengthFor(firmware: FirmwareVersion): number {
  const atLeast24 = firmware.major > 2 || (firmware.major === 2 && firmware.minor >= 4);
  return atLeast24 ? 3136 : 2048;
}
