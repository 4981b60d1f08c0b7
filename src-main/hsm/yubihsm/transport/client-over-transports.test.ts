// The typed client against the simulated YubiHSM 2 over each of the three transports: in
// process, over the fake USB bus, and over the loopback connector API. The same session must
// work unchanged whichever way the frames travel.

import { afterEach, describe, expect, it } from 'vitest';
import { YubiHsmClient } from '../client/yubihsm-client';
import { startConnectorServer } from '../connector-server/connector-server';
import { ObjectType } from '../protocol/object-types';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { ConnectorTransport } from './connector-transport';
import { SimulatorTransport } from './simulator-transport';
import { FakeUsbBus, FakeYubiHsmUsbDevice } from './testing/fake-usb-bus';
import type { YubiHsmTransport } from './transport';
import { UsbTransport } from './usb-transport';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const transports: [string, (device: SimulatedYubiHsm) => Promise<YubiHsmTransport>][] = [
  ['in process', async (device) => new SimulatorTransport(device)],
  [
    'fake USB',
    async (device) => {
      const bus = new FakeUsbBus();
      bus.plugIn(new FakeYubiHsmUsbDevice(device));
      return UsbTransport.open(bus, { serial: device.serial });
    },
  ],
  [
    'loopback connector',
    async (device) => {
      const server = await startConnectorServer({ device, host: '127.0.0.1', port: 0 });
      cleanup.push(() => server.close());
      return ConnectorTransport.connect(server.url);
    },
  ],
];

describe.each(transports)('YubiHsmClient over %s', (_name, connect) => {
  it('reads device info, echoes, and opens a session with the factory key to list objects', async () => {
    const device = await SimulatedYubiHsm.create({ serial: 12345678 });
    const client = new YubiHsmClient(await connect(device));
    cleanup.push(() => client.close());

    const info = await client.deviceInfo();
    expect(info).toMatchObject({ serial: 12345678, firmwareText: '2.4.0', logTotal: 62 });
    // 61 bytes of payload make a 64-byte frame: over USB that one needs the zero-length packet.
    const data = Uint8Array.from({ length: 61 }, (_, index) => index);
    expect(await client.echo(data)).toEqual(data);

    const session = await client.openSession(1, { password: 'password' });
    expect(await session.echo(Uint8Array.of(1, 2, 3))).toEqual(Uint8Array.of(1, 2, 3));
    expect(await session.listObjects()).toEqual([
      { id: 1, type: ObjectType.AuthenticationKey, sequence: 0 },
    ]);
    const key = await session.getObjectInfo(1, ObjectType.AuthenticationKey);
    expect(key.label).toBe('DEFAULT AUTHKEY CHANGE THIS ASAP');
    await session.close();
  });

  it('refuses a wrong password with the typed authentication error', async () => {
    const device = await SimulatedYubiHsm.create();
    const client = new YubiHsmClient(await connect(device));
    cleanup.push(() => client.close());
    await expect(client.openSession(1, { password: 'not the password' })).rejects.toMatchObject({
      name: 'YubiHsmAuthenticationError',
    });
  });
});
