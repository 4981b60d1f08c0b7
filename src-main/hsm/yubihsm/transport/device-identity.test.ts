import { describe, expect, it } from 'vitest';
import { Command } from '../protocol/commands';
import { encodeFrame } from '../protocol/frame';
import { SIMULATOR_PART_NUMBER } from '../protocol/part-number';
import { readDeviceIdentity } from './device-identity';
import type { YubiHsmTransport } from './transport';

const INVALID_DATA = 0x09;

/** A device that answers DEVICE INFO with `version` and serial 0x01020304, and page 1 with `page`. */
function deviceAnswering(
  version: [number, number, number],
  page: { partNumber: string } | { error: number },
): YubiHsmTransport & { requests: Uint8Array[] } {
  const requests: Uint8Array[] = [];
  return {
    kind: 'connector',
    address: 'http://127.0.0.1:12345',
    requests,
    async transceive(frame) {
      requests.push(frame);
      if (frame.length === 3)
        return encodeFrame(
          Command.DeviceInfo | 0x80,
          Uint8Array.of(...version, 1, 2, 3, 4, 62, 2, 1, 2),
        );
      if ('error' in page) return encodeFrame(Command.Error, Uint8Array.of(page.error));
      return encodeFrame(Command.DeviceInfo | 0x80, new TextEncoder().encode(page.partNumber));
    },
    async close() {},
  };
}

describe('who is at the other end', () => {
  it("calls a device simulated only when its part-number page names Custos's simulator", async () => {
    expect(
      await readDeviceIdentity(deviceAnswering([2, 4, 0], { partNumber: SIMULATOR_PART_NUMBER })),
    ).toEqual({ serial: 0x01020304, firmware: '2.4.0', simulated: true });
    expect(
      await readDeviceIdentity(deviceAnswering([2, 4, 0], { partNumber: 'YHSM2-PART' })),
    ).toEqual({ serial: 0x01020304, firmware: '2.4.0', simulated: false });
    expect(await readDeviceIdentity(deviceAnswering([2, 4, 0], { error: INVALID_DATA }))).toEqual({
      serial: 0x01020304,
      firmware: '2.4.0',
      simulated: false,
    });
  });

  it('does not ask firmware older than 2.4 for a page it does not have', async () => {
    const device = deviceAnswering([2, 3, 1], { partNumber: SIMULATOR_PART_NUMBER });
    expect(await readDeviceIdentity(device)).toEqual({
      serial: 0x01020304,
      firmware: '2.3.1',
      simulated: false,
    });
    expect(device.requests).toHaveLength(1);
  });
});
