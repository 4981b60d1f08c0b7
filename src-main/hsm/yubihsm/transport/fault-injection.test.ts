import { describe, expect, it } from 'vitest';
import { YubiHsmClient } from '../client/yubihsm-client';
import { startConnectorServer } from '../connector-server/connector-server';
import { YubiHsmDeviceError, YubiHsmTransportError } from '../protocol/device-errors';
import { SimulatedYubiHsm } from '../simulator';
import { ConnectorTransport } from './connector-transport';
import { FaultInjectingDevice, parseFaultPlan } from './fault-injection';
import { SimulatorTransport } from './simulator-transport';

describe('fault injection at device command k', () => {
  it('fail: command k is refused with a device error and the device goes on', async () => {
    const device = new FaultInjectingDevice(await SimulatedYubiHsm.create({ serial: 1 }), {
      atCommand: 2,
      kind: 'fail',
    });
    const client = new YubiHsmClient(new SimulatorTransport(device));
    await client.deviceInfo();
    await expect(client.deviceInfo()).rejects.toBeInstanceOf(YubiHsmDeviceError);
    expect((await client.deviceInfo()).serial).toBe(1);
    expect(device.commands).toBe(3);
  });

  it('disconnect, over the connector API too: gone from command k until reconnected', async () => {
    const device = new FaultInjectingDevice(await SimulatedYubiHsm.create({ serial: 2 }), {
      atCommand: 1,
      kind: 'disconnect',
    });
    const server = await startConnectorServer({
      device: { serial: device.serial, process: (frame) => device.process(frame) },
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const client = new YubiHsmClient(new ConnectorTransport(server.url));
      await expect(client.deviceInfo()).rejects.toBeInstanceOf(YubiHsmTransportError);
      await expect(client.deviceInfo()).rejects.toBeInstanceOf(YubiHsmTransportError);
      await device.reconnect();
      expect((await client.deviceInfo()).serial).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('reads the CLI options', () => {
    expect(parseFaultPlan(undefined, undefined)).toBeUndefined();
    expect(parseFaultPlan('7', undefined)).toEqual({ atCommand: 7, kind: 'disconnect' });
    expect(parseFaultPlan('3', 'fail')).toEqual({ atCommand: 3, kind: 'fail' });
    expect(() => parseFaultPlan('0', 'fail')).toThrow(/from 1/);
    expect(() => parseFaultPlan('2', 'explode')).toThrow(/fail or disconnect/);
  });
});
