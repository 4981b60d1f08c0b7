// Plain frames (spec §1, §4.1, §10.1–§10.2): framing errors, commands outside a session,
// ECHO and DEVICE INFO.

import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { Command } from '../protocol/commands';
import { MAX_FRAME_LENGTH, encodeFrame } from '../protocol/frame';
import { SIMULATOR_PART_NUMBER, SUPPORTED_ALGORITHMS } from './device-info';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import { hex, openRawSession, toHex } from './test-support';

describe('framing', () => {
  it('echoes plain ECHO up to the largest frame the message buffer holds', async () => {
    const device = await SimulatedYubiHsm.create();
    expect(toHex(await device.process(hex('01 0003 010203')))).toBe('810003010203');
    const largest = encodeFrame(Command.Echo, new Uint8Array(MAX_FRAME_LENGTH - 3).fill(0x5a));
    expect(toHex(await device.process(largest))).toBe(
      toHex(Uint8Array.from([0x81, ...largest.subarray(1)])),
    );
  });

  it('answers malformed frames with WRONG_LENGTH', async () => {
    const device = await SimulatedYubiHsm.create();
    expect(toHex(await device.process(hex('')))).toBe('7f000108');
    expect(toHex(await device.process(hex('01 00')))).toBe('7f000108');
    expect(toHex(await device.process(hex('01 0005 0102')))).toBe('7f000108');
    expect(toHex(await device.process(hex('01 0001 0102')))).toBe('7f000108');
    const tooLong = encodeFrame(Command.Echo, new Uint8Array(MAX_FRAME_LENGTH - 2));
    expect(toHex(await device.process(tooLong))).toBe('7f000108');
  });

  it('answers session-only commands sent in the clear, and unknown codes, with INVALID_COMMAND', async () => {
    const device = await SimulatedYubiHsm.create();
    for (const code of [
      Command.ListObjects,
      Command.GetStorageInfo,
      Command.ResetDevice,
      Command.CloseSession,
      0x00,
      0x02,
      0x7f,
      0x80,
      0xff,
    ]) {
      expect(toHex(await device.process(encodeFrame(code)))).toBe('7f000101');
    }
  });

  it('answers GET DEVICE PUBLIC KEY in the clear with ecp256-yubico-authentication and X || Y', async () => {
    const device = await SimulatedYubiHsm.create();
    const response = await device.process(encodeFrame(Command.GetDevicePublicKey));
    expect(toHex(response.subarray(0, 4))).toBe('8a004131');
    expect(() =>
      p256.Point.fromBytes(Uint8Array.of(0x04, ...response.subarray(4))).assertValidity(),
    ).not.toThrow();
    expect(
      toHex(await device.process(encodeFrame(Command.GetDevicePublicKey, Uint8Array.of(1)))),
    ).toBe('7f000108');
  });
});

describe('DEVICE INFO (spec §4.3, V6 shape)', () => {
  it('reports firmware 2.4.0, the serial, 62 log slots, entries used and the algorithms', async () => {
    const device = await SimulatedYubiHsm.create({ serial: 7550140 });
    const response = await device.process(hex('06 0000'));
    expect(response[0]).toBe(0x86);
    expect((response[1]! << 8) | response[2]!).toBe(response.length - 3);
    expect(toHex(response.subarray(3, 12))).toBe('020400' + '007334bc' + '3e' + '02');
    expect([...response.subarray(12)]).toEqual(SUPPORTED_ALGORITHMS);
    expect(device.firmware).toBe('2.4.0');
    expect(device.serial).toBe(7550140);
  });

  it('answers page 1 with the part number string (python asks for it on fw >= 2.4)', async () => {
    const device = await SimulatedYubiHsm.create();
    const response = await device.process(hex('06 0001 01'));
    expect(response[0]).toBe(0x86);
    expect(Buffer.from(response.subarray(3)).toString('utf8')).toBe(SIMULATOR_PART_NUMBER);
    expect(toHex(await device.process(hex('06 0001 02')))).toBe('7f000102');
  });

  it('answers DEVICE INFO and ECHO inside a session too', async () => {
    const device = await SimulatedYubiHsm.create({ serial: 12345678 });
    const session = await openRawSession(device);
    expect(toHex((await session.ok(Command.DeviceInfo)).subarray(0, 7))).toBe(
      '020400' + '00bc614e',
    );
    expect(toHex(await session.ok(Command.Echo, hex('ff')))).toBe('ff');
  });

  it('picks a random 8-digit serial when none is given', async () => {
    const device = await SimulatedYubiHsm.create();
    expect(device.serial).toBeGreaterThanOrEqual(10_000_000);
    expect(device.serial).toBeLessThan(100_000_000);
  });
});
