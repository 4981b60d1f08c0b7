import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceView } from '../../shared/ipc/devices';
import { inSession } from '../hsm/yubihsm/client/test-support/in-session';
import { YubiHsmClient } from '../hsm/yubihsm/client/yubihsm-client';
import type { YubiHsmSession } from '../hsm/yubihsm/client/yubihsm-session';
import { ObjectType } from '../hsm/yubihsm/protocol/object-types';
import { SimulatedYubiHsm } from '../hsm/yubihsm/simulator';
import { DeviceWatcher } from '../hsm/yubihsm/transport/device-watcher';
import { SimulatorTransport } from '../hsm/yubihsm/transport/simulator-transport';
import { createEventHub } from '../ipc/events';
import { Refusal } from '../refusal/refusal';
import { createLogger } from '../log/logger';
import { createCustosApp } from './custos-app';
import type { CustosApp } from './custos-app';
import { DeviceService } from './device-service';
import { SIMULATED_SERIALS } from './embedded-simulators';
import { startServices } from './lifecycle';
import type { RunningServices } from './lifecycle';
import { createSimulator } from './simulator-factory';

const folders: string[] = [];
const running: RunningServices[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((services) => services.stop()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'custos-devices-'));
  folders.push(folder);
  return folder;
}

async function startApp(userDataFolder: string): Promise<CustosApp> {
  const app = createCustosApp({
    host: 'browser',
    version: '0.0.0-test',
    userDataFolder,
    createSimulator,
    usb: false,
    // No PC/SC either: the PC/SC tests run their own pcscd meanwhile, and its cards are theirs.
    pcsc: false,
    logToStderr: false,
  });
  running.push(await startServices(app.services, app.logger));
  return app;
}

/** Resolves with the device list once `count` devices are listed and none is still being checked. */
function settledList(
  source: { list(): DeviceView[] },
  events: { subscribe(listener: () => void): () => void },
  count: number,
): Promise<DeviceView[]> {
  const done = () => {
    const list = source.list();
    return list.length === count && list.every((device) => device.status.kind !== 'checking')
      ? list
      : undefined;
  };
  return new Promise((resolve) => {
    const now = done();
    if (now) return resolve(now);
    const off = events.subscribe(() => {
      const list = done();
      if (list) {
        off();
        resolve(list);
      }
    });
  });
}

async function withFactorySession<T>(
  app: CustosApp,
  id: string,
  use: (session: YubiHsmSession) => Promise<T>,
): Promise<T> {
  return inSession(await app.devices.openTransport(id), 1, 'password', use);
}

describe('device service with the embedded simulators', () => {
  it('lists a factory-fresh simulated primary and secondary with distinct serials', async () => {
    const userData = tempFolder();
    const app = await startApp(userData);
    const devices = await settledList(app.devices, app.events, 2);
    expect(devices.map((device) => [device.id, device.name, device.serial])).toEqual([
      ['sim:primary', 'Simulated primary', SIMULATED_SERIALS.primary],
      ['sim:secondary', 'Simulated secondary', SIMULATED_SERIALS.secondary],
    ]);
    for (const device of devices) {
      expect(device).toMatchObject({ transport: 'simulator', firmware: '2.4.0', simulated: true });
      expect(device.status).toMatchObject({ kind: 'factory-fresh', usedSlots: 1 });
      expect(device.status.kind === 'factory-fresh' && device.status.totalSlots).toBeGreaterThan(1);
    }
    expect(existsSync(join(userData, 'simulators', 'primary.json'))).toBe(true);
    expect(existsSync(join(userData, 'simulators', 'secondary.json'))).toBe(true);
    // The same list answers device/list through the router.
    expect(
      await app.router.dispatch('device/list', {}, { kind: 'socket', authenticated: true }),
    ).toEqual({ ok: true, data: devices });
  });

  it('shows factory-key-present and configured, and keeps both across a restart', async () => {
    const userData = tempFolder();
    const first = await startApp(userData);
    await settledList(first.devices, first.events, 2);

    await withFactorySession(first, 'sim:primary', (session) =>
      session.putOpaque({
        id: 0x10,
        label: 'rehearsal note',
        domains: 1,
        capabilities: 0n,
        data: Uint8Array.of(1, 2, 3),
      }),
    );
    await withFactorySession(first, 'sim:secondary', async (session) => {
      await session.putAuthenticationKey({
        id: 2,
        label: 'application',
        domains: 1,
        capabilities: 0n,
        delegatedCapabilities: 0n,
        credential: { password: 'a different password' },
      });
      await session.deleteObject(1, ObjectType.AuthenticationKey);
    });
    await first.devices.refresh();
    const before = first.devices.list();
    expect(before.map((device) => device.status.kind)).toEqual([
      'factory-key-present',
      'configured',
    ]);
    expect(before[0]!.status).toMatchObject({ usedSlots: 2 });

    await running.pop()!.stop();
    const second = await startApp(userData);
    const after = await settledList(second.devices, second.events, 2);
    expect(after).toEqual(before);
  });

  it('follows attach and detach live, pushing device/changed each time', async () => {
    const logger = createLogger({ sinks: [] });
    const events = createEventHub(logger);
    const pushed: string[][] = [];
    events.subscribe((_event, payload) =>
      pushed.push((payload as DeviceView[]).map((device) => `${device.id}:${device.status.kind}`)),
    );
    const watcher = new DeviceWatcher({ usb: null });
    const spare = await SimulatedYubiHsm.create({ serial: 7_550_009 });
    const service = new DeviceService({
      watcher,
      simulators: new Map([['spare', spare]]),
      openRealTransport: () => Promise.reject(new Error('no real devices in this test')),
      openSimulatorTransport: (role, device) => new SimulatorTransport(device, { name: role }),
      createClient: (transport) => new YubiHsmClient(transport),
      events,
      logger,
    });
    running.push(await startServices([service], logger));
    await settledList(service, events, 1);
    watcher.removeSimulator('spare');
    expect(service.list()).toEqual([]);
    expect(pushed).toEqual([['sim:spare:checking'], ['sim:spare:factory-fresh'], []]);
    await expect(service.openTransport('sim:spare')).rejects.toBeInstanceOf(Refusal);
  });

  it('marks a device it cannot talk to as unreachable with a sentence, not the raw error', async () => {
    const logger = createLogger({ sinks: [] });
    const events = createEventHub(logger);
    const pulled = await SimulatedYubiHsm.create({ serial: 7_550_010 });
    const service = new DeviceService({
      watcher: new DeviceWatcher({ usb: null }),
      simulators: new Map([['pulled', pulled]]),
      openRealTransport: () => Promise.reject(new Error('no real devices in this test')),
      openSimulatorTransport: (role, device) => {
        const transport = new SimulatorTransport(device, { name: role });
        transport.unplug();
        return transport;
      },
      createClient: (transport) => new YubiHsmClient(transport),
      events,
      logger,
    });
    running.push(await startServices([service], logger));
    const [device] = await settledList(service, events, 1);
    expect(device!.status).toEqual({
      kind: 'unreachable',
      reason:
        'Custos could not talk to the device. Check the cable or the connector, then unplug and re-insert the device.',
    });
  });

  it('keeps a status check off a device while a ceremony step holds it, and tells a second step it is busy', async () => {
    const logger = createLogger({ sinks: [] });
    const events = createEventHub(logger);
    const spare = await SimulatedYubiHsm.create({ serial: 7_550_011 });
    const seen: string[] = [];
    let opened = 0;
    const service = new DeviceService({
      watcher: new DeviceWatcher({ usb: null }),
      simulators: new Map([['spare', spare]]),
      openRealTransport: () => Promise.reject(new Error('no real devices in this test')),
      openSimulatorTransport: (role, device) => {
        const n = (opened += 1);
        const transport = new SimulatorTransport(device, { name: role });
        seen.push(`open ${n}`);
        return {
          kind: transport.kind,
          address: transport.address,
          transceive: (frame) => transport.transceive(frame),
          close: async () => {
            seen.push(`close ${n}`);
            await transport.close();
          },
        };
      },
      createClient: (transport) => new YubiHsmClient(transport),
      events,
      logger,
    });
    running.push(await startServices([service], logger));
    await settledList(service, events, 1);
    seen.length = 0;

    const step = await service.openTransport('sim:spare');
    const check = service.refresh('sim:spare');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['open 2']);
    await expect(service.openTransport('sim:spare', 20)).rejects.toThrow(
      'Custos is still using Simulated spare (serial 7550011) for another step; wait for it to finish and try again.',
    );
    await step.close();
    await check;
    expect(seen).toEqual(['open 2', 'close 2', 'open 3', 'close 3']);
    expect(service.list()[0]!.status.kind).toBe('factory-fresh');
  });
});
