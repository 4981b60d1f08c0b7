import { describe, expect, it } from 'vitest';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { ScriptedTransport } from '../session/test-support/scripted-transport';
import { HandshakePeer } from '../session/test-support/channel-peer';
import { V1, fromHex, toHex } from '../session/test-support/vectors';
import { maxFrameLengthFor, parseDeviceInfo } from './device-info';
import { YubiHsmClient } from './yubihsm-client';

// V6: python-yubihsm's DEVICE INFO sample, v2.0.0, serial 7550140, 62 log slots, 4 used, algorithms 1..47.
const algorithms = Array.from({ length: 47 }, (_, i) => (i + 1).toString(16).padStart(2, '0')).join(
  '',
);
const V6_DEVICE_INFO = fromHex(`86 0038 020000 007334bc 3e 04 ${algorithms}`);

describe('DEVICE INFO (spec §4.3, vector V6)', () => {
  it('parses the python-yubihsm sample', () => {
    const info = parseDeviceInfo(V6_DEVICE_INFO.subarray(3));
    expect(info).toEqual({
      firmware: { major: 2, minor: 0, patch: 0 },
      firmwareText: '2.0.0',
      serial: 7550140,
      logTotal: 62,
      logUsed: 4,
      algorithms: Array.from({ length: 47 }, (_, i) => i + 1),
    });
  });

  it('reads a serial with the top bit set as a positive number', () => {
    expect(parseDeviceInfo(fromHex('020400 ffffffff 3e 00')).serial).toBe(0xffffffff);
  });

  it('rejects a response too short to hold the fixed fields', () => {
    expect(() => parseDeviceInfo(fromHex('020400 0073'))).toThrow(YubiHsmProtocolError);
    expect(() => parseDeviceInfo(fromHex('020400 0073'))).toThrow(
      /^DEVICE INFO: expected at least 9 bytes/,
    );
  });

  it('sizes messages by firmware: 3136 bytes from 2.4.0, 2048 before', () => {
    expect(maxFrameLengthFor({ major: 2, minor: 4, patch: 0 })).toBe(3136);
    expect(maxFrameLengthFor({ major: 2, minor: 3, patch: 9 })).toBe(2048);
    expect(maxFrameLengthFor({ major: 3, minor: 0, patch: 0 })).toBe(3136);
  });
});

describe('YubiHsmClient plain commands', () => {
  it('sends a bare DEVICE INFO and then sizes sessions for the old firmware it reports', async () => {
    const device = new HandshakePeer({ encryptionKey: V1.encryptionKey, macKey: V1.macKey });
    const transport = new ScriptedTransport([V6_DEVICE_INFO, device.create, device.authenticate]);
    const client = new YubiHsmClient(transport);
    expect((await client.deviceInfo()).firmwareText).toBe('2.0.0');
    expect(toHex(transport.sent[0]!)).toBe('060000');
    const session = await client.openSession(1, { password: 'password' });
    expect(toHex(transport.sent[1]!.subarray(0, 5))).toBe('03000a0001');
    expect(
      (session as unknown as { session: { maxPayloadLength: number } }).session.maxPayloadLength,
    ).toBe(2028);
  });

  it('echoes in the clear and checks the echo', async () => {
    const transport = new ScriptedTransport([fromHex('81 0002 abcd'), fromHex('81 0002 abce')]);
    const client = new YubiHsmClient(transport);
    expect(toHex(await client.echo(fromHex('abcd')))).toBe('abcd');
    expect(toHex(transport.sent[0]!)).toBe('010002abcd');
    await expect(client.echo(fromHex('abcd'))).rejects.toThrow(
      /^ECHO: the device echoed different bytes/,
    );
  });

  it('refuses an echo that does not fit one frame', async () => {
    const client = new YubiHsmClient(new ScriptedTransport());
    await expect(client.echo(new Uint8Array(3134))).rejects.toThrow(/at most 3133 bytes/);
  });

  it('closes open sessions and then the transport', async () => {
    const device = new HandshakePeer({ encryptionKey: V1.encryptionKey, macKey: V1.macKey }, 3);
    const transport = new ScriptedTransport([device.create, device.authenticate]);
    const client = new YubiHsmClient(transport);
    const session = await client.openSession(1, { password: 'password' });
    expect(session.id).toBe(3);
    transport.answer(new Error('device gone'));
    await client.close();
    expect(transport.sent).toHaveLength(3);
    expect(transport.sent[2]![0]).toBe(0x05);
    expect(session.isOpen).toBe(false);
    expect(transport.closed).toBe(true);
  });

  it('rejects an empty password before talking to the device', async () => {
    const transport = new ScriptedTransport();
    await expect(new YubiHsmClient(transport).openSession(1, { password: '' })).rejects.toThrow(
      /the password is empty/,
    );
    expect(transport.sent).toHaveLength(0);
  });
});
