import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConnectorServer } from '../connector-server/connector-server';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { DeviceSpecError, formatDeviceSpec, openDevice, parseDeviceSpec } from './device-spec';
import { FakeUsbBus, FakeYubiHsmUsbDevice } from './testing/fake-usb-bus';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('parseDeviceSpec', () => {
  it('reads the four forms', () => {
    expect(parseDeviceSpec('sim:primary.json', '/ceremony')).toEqual({
      kind: 'sim',
      statePath: '/ceremony/primary.json',
    });
    expect(parseDeviceSpec('sim:/abs/secondary.json', '/ceremony')).toEqual({
      kind: 'sim',
      statePath: '/abs/secondary.json',
    });
    expect(parseDeviceSpec('connector:http://127.0.0.1:12345/')).toEqual({
      kind: 'connector',
      url: 'http://127.0.0.1:12345',
    });
    expect(parseDeviceSpec('http://localhost:12345')).toEqual({
      kind: 'connector',
      url: 'http://localhost:12345',
    });
    expect(parseDeviceSpec('usb')).toEqual({ kind: 'usb' });
    expect(parseDeviceSpec('usb:7550140')).toEqual({ kind: 'usb', serial: 7550140 });
    expect(parseDeviceSpec('usb:0007550140')).toEqual({ kind: 'usb', serial: 7550140 });
  });

  it('writes a spec back in the same form', () => {
    for (const text of [
      'sim:/a/b.json',
      'connector:http://127.0.0.1:12345',
      'usb',
      'usb:7550140',
    ]) {
      expect(formatDeviceSpec(parseDeviceSpec(text))).toBe(text);
    }
  });

  it('refuses bad specs with a sentence listing the forms', () => {
    const cases: [string, RegExp][] = [
      [
        '',
        /no device was given; use sim:<state file>, connector:<url> \(or http:\/\/host:port\), usb, or usb:<serial>/,
      ],
      ['yubikey', /"yubikey" is not a device; use sim:<state file>/],
      ['sim:', /names no state file; write it like sim:primary.json/],
      ['usb:abc', /has no valid serial: write the decimal serial printed on the device/],
      ['usb:0', /has no valid serial/],
      ['usb:99999999999', /has no valid serial/],
      ['connector:127.0.0.1:12345', /is not a connector address/],
      ['connector:ftp://host', /must start with http/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseDeviceSpec(text), text).toThrow(DeviceSpecError);
      expect(() => parseDeviceSpec(text), text).toThrow(message);
    }
  });
});

describe('openDevice', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'custos-spec-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('creates a factory-fresh simulated device for a missing state file, and loads it next time', async () => {
    const statePath = join(folder, 'primary.json');
    const first = await openDevice(parseDeviceSpec(`sim:${statePath}`));
    expect(existsSync(statePath)).toBe(true);
    expect(first.descriptor).toEqual({
      id: `sim:${statePath}`,
      serial: expect.any(Number),
      transport: 'simulator',
      firmware: '2.4.0',
      simulated: true,
    });
    expect(await first.transport.transceive(hex('01 0001 aa'))).toEqual(hex('81 0001 aa'));
    await first.transport.close();
    const again = await openDevice(parseDeviceSpec(`sim:${statePath}`));
    expect(again.descriptor.serial).toBe(first.descriptor.serial);
  });

  it('opens a connector and reads who is behind it', async () => {
    const server = await startConnectorServer({
      device: await SimulatedYubiHsm.create({ serial: 34567890 }),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const opened = await openDevice(parseDeviceSpec(server.url));
      expect(opened.descriptor).toEqual({
        id: `connector:${server.url}`,
        serial: 34567890,
        transport: 'connector',
        firmware: '2.4.0',
        simulated: true,
      });
      await opened.transport.close();
    } finally {
      await server.close();
    }
  });

  it('opens a USB device by serial through the given bus', async () => {
    const bus = new FakeUsbBus();
    bus.plugIn(new FakeYubiHsmUsbDevice(await SimulatedYubiHsm.create({ serial: 45678901 })));
    const opened = await openDevice(parseDeviceSpec('usb:45678901'), {
      usb: async () => ({ available: true, bus }),
    });
    expect(opened.descriptor).toEqual({
      id: 'usb:45678901',
      serial: 45678901,
      transport: 'usb',
      firmware: '2.4.0',
      simulated: false,
    });
    await opened.transport.close();
  });

  it('says why USB cannot be used when the bus is unavailable', async () => {
    await expect(
      openDevice(parseDeviceSpec('usb'), {
        usb: async () => ({ available: false, reason: 'no USB here; use a simulated device' }),
      }),
    ).rejects.toThrow('no USB here; use a simulated device');
  });
});
