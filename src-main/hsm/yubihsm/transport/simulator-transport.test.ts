import { describe, expect, it } from 'vitest';
import { YubiHsmTransportError } from '../protocol/device-errors';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { YubiHsmClient } from '../client/yubihsm-client';
import { YubiHsmSessionExpiredError } from '../session/errors';
import { readDeviceIdentity } from './device-identity';
import { SimulatorTransport, type SimulatedDevice } from './simulator-transport';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('SimulatorTransport', () => {
  it('carries a plain ECHO to the simulated device and back (spec §4.3)', async () => {
    const transport = new SimulatorTransport(await SimulatedYubiHsm.create({ serial: 12345678 }));
    expect(await transport.transceive(hex('01 0003 010203'))).toEqual(hex('81 0003 010203'));
    expect(transport.kind).toBe('simulator');
    expect(transport.address).toBe('simulated YubiHSM 2, serial 12345678');
  });

  it('reports the serial and firmware from DEVICE INFO', async () => {
    const transport = new SimulatorTransport(await SimulatedYubiHsm.create({ serial: 12345678 }));
    expect(await readDeviceIdentity(transport)).toEqual({
      serial: 12345678,
      firmware: '2.4.0',
      simulated: true,
    });
  });

  it('fails with "the device was unplugged" while unplugged, and works again once plugged in', async () => {
    const transport = new SimulatorTransport(await SimulatedYubiHsm.create());
    transport.unplug();
    expect(transport.pluggedIn).toBe(false);
    const failure = transport.transceive(hex('01 0001 aa'));
    await expect(failure).rejects.toBeInstanceOf(YubiHsmTransportError);
    await expect(failure).rejects.toThrow(/the device was unplugged/);
    transport.plugIn();
    expect(await transport.transceive(hex('01 0001 aa'))).toEqual(hex('81 0001 aa'));
  });

  it('comes back freshly booted after being pulled, as a USB-powered device does: its sessions are gone', async () => {
    const transport = new SimulatorTransport(await SimulatedYubiHsm.create());
    const session = await new YubiHsmClient(transport).openSession(1, { password: 'password' });
    await session.echo(Uint8Array.of(1));
    transport.unplug();
    await transport.plugIn();
    await expect(session.echo(Uint8Array.of(2))).rejects.toBeInstanceOf(YubiHsmSessionExpiredError);
    const fresh = await new YubiHsmClient(transport).openSession(1, { password: 'password' });
    expect(await fresh.echo(Uint8Array.of(3))).toEqual(Uint8Array.of(3));
  });

  it('loses the answer of a request in flight when the device is pulled mid-request', async () => {
    const simulator = await SimulatedYubiHsm.create();
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const slow: SimulatedDevice = {
      serial: simulator.serial,
      firmware: simulator.firmware,
      process: async (frame) => {
        release();
        await gate;
        return simulator.process(frame);
      },
    };
    const transport = new SimulatorTransport(slow);
    const pending = transport.transceive(hex('01 0001 aa'));
    await started;
    transport.unplug();
    finish();
    await expect(pending).rejects.toThrow(/the device was unplugged/);
  });

  it('passes one request at a time to the device, in order', async () => {
    const simulator = await SimulatedYubiHsm.create();
    let inside = 0;
    let overlapped = false;
    const order: number[] = [];
    const watched: SimulatedDevice = {
      serial: simulator.serial,
      firmware: simulator.firmware,
      process: async (frame) => {
        inside += 1;
        if (inside > 1) overlapped = true;
        order.push(frame[3]!);
        await new Promise((resolve) => setImmediate(resolve));
        inside -= 1;
        return simulator.process(frame);
      },
    };
    const transport = new SimulatorTransport(watched);
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => transport.transceive(Uint8Array.of(0x01, 0x00, 0x01, n))),
    );
    expect(overlapped).toBe(false);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(answers.map((answer) => answer[3])).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses requests after close with a transport error', async () => {
    const transport = new SimulatorTransport(await SimulatedYubiHsm.create());
    await transport.close();
    await expect(transport.transceive(hex('01 0001 aa'))).rejects.toThrow(/closed/);
  });
});
