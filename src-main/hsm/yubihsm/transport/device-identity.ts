// Who is at the other end of a transport: serial and firmware from a plain DEVICE INFO, the
// first thing every Yubico client sends (spec §10.1), and on firmware >= 2.4 the part-number
// page, which tells Custos's simulator (served over a connector, say) from hardware. Discovery
// needs only these, so it reads them here rather than reaching up into the client layer.

import { Command } from '../protocol/commands';
import { YubiHsmDeviceError, YubiHsmProtocolError } from '../protocol/device-errors';
import { encodeFrame, expectResponse } from '../protocol/frame';
import {
  hasPartNumberPage,
  PART_NUMBER_PAGE,
  SIMULATOR_PART_NUMBER,
} from '../protocol/part-number';
import type { YubiHsmTransport } from './transport';

export interface DeviceIdentity {
  serial: number;
  /** "2.4.0" */
  firmware: string;
  /** True when the device says it is Custos's simulator; hardware never does. */
  simulated: boolean;
}

export interface IdentityOptions {
  /**
   * Ask for the part-number page (default true). Over USB the answer can only be hardware, so
   * USB discovery skips the second exchange.
   */
  askPartNumber?: boolean;
}

/** GET DEVICE INFO (spec §4.3): major, minor, patch (1 each) || serial (4, big-endian) || ... */
export async function readDeviceIdentity(
  transport: YubiHsmTransport,
  options: IdentityOptions = {},
): Promise<DeviceIdentity> {
  const payload = expectResponse(
    Command.DeviceInfo,
    await transport.transceive(encodeFrame(Command.DeviceInfo)),
  );
  if (payload.length < 7) {
    throw new YubiHsmProtocolError(
      Command.DeviceInfo,
      `response of ${payload.length} bytes is too short to hold a version and serial`,
    );
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const [major, minor, patch] = [payload[0]!, payload[1]!, payload[2]!];
  const simulated =
    (options.askPartNumber ?? true) &&
    hasPartNumberPage(major, minor) &&
    (await readPartNumber(transport)) === SIMULATOR_PART_NUMBER;
  return { firmware: `${major}.${minor}.${patch}`, serial: view.getUint32(3), simulated };
}

/** The part-number page, or undefined when the device refuses the request (as python allows for). */
async function readPartNumber(transport: YubiHsmTransport): Promise<string | undefined> {
  try {
    const page = expectResponse(
      Command.DeviceInfo,
      await transport.transceive(encodeFrame(Command.DeviceInfo, Uint8Array.of(PART_NUMBER_PAGE))),
    );
    return new TextDecoder().decode(page);
  } catch (error) {
    if (error instanceof YubiHsmDeviceError) return undefined;
    throw error;
  }
}
