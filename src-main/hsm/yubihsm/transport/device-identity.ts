// Who is at the other end of a transport: serial and firmware from a plain DEVICE INFO, the
// first thing every Yubico client sends (spec §10.1). Discovery needs only these two fields,
// so it reads them here rather than reaching up into the client layer.

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { encodeFrame, expectResponse } from '../protocol/frame';
import type { YubiHsmTransport } from './transport';

export interface DeviceIdentity {
  serial: number;
  /** "2.4.0" */
  firmware: string;
}

/** GET DEVICE INFO (spec §4.3): major, minor, patch (1 each) || serial (4, big-endian) || ... */
export async function readDeviceIdentity(transport: YubiHsmTransport): Promise<DeviceIdentity> {
  const payload = expectResponse(Command.DeviceInfo, await transport.transceive(encodeFrame(Command.DeviceInfo)));
  if (payload.length < 7) {
    throw new YubiHsmProtocolError(Command.DeviceInfo, `response of ${payload.length} bytes is too short to hold a version and serial`);
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { firmware: `${payload[0]}.${payload[1]}.${payload[2]}`, serial: view.getUint32(3) };
}
