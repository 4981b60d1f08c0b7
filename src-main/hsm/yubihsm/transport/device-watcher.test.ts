import { afterEach, describe, expect, it } from 'vitest';
import {
  startConnectorServer,
  type RunningConnectorServer,
} from '../connector-server/connector-server';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { DeviceWatcher, type DeviceEvent } from './device-watcher';
import { FakeUsbBus, FakeYubiHsmUsbDevice } from './testing/fake-usb-bus';
import { ManualTimers } from './testing/manual-timers';
import { UsbTransport } from './usb-transport';

const watchers: DeviceWatcher[] = [];
const servers: RunningConnectorServer[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.stop()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function watch(options: ConstructorParameters<typeof DeviceWatcher>[0]) {
  const watcher = new DeviceWatcher(options);
  watchers.push(watcher);
  const events: DeviceEvent[] = [];
  const waiters: (() => void)[] = [];
  watcher.onChange((event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves once `count` events in all have arrived. */
  const eventsReach = (count: number) =>
    new Promise<DeviceEvent[]>((resolve) => {
      const check = () => (events.length >= count ? resolve(events) : waiters.push(check));
      check();
    });
  return { watcher, events, eventsReach };
}

async function hsm(serial: number) {
  return new FakeYubiHsmUsbDevice(await SimulatedYubiHsm.create({ serial }));
}

describe('DeviceWatcher on USB', () => {
  it('lists the YubiHSM 2 devices present at start with firmware from DEVICE INFO, ignoring other devices', async () => {
    const bus = new FakeUsbBus();
    bus.plugIn(await hsm(11111111));
    bus.plugIn(
      new FakeYubiHsmUsbDevice(await SimulatedYubiHsm.create(), {
        vendorId: 0x046d,
        productId: 0xc52b,
      }),
    );
    const { watcher, events } = watch({
      usb: async () => ({ available: true, bus }),
      timers: new ManualTimers(),
    });
    await watcher.start();
    const descriptor = {
      id: 'usb:11111111',
      serial: 11111111,
      transport: 'usb',
      firmware: '2.4.0',
      simulated: false,
    };
    expect(watcher.list()).toEqual([descriptor]);
    expect(events).toEqual([{ type: 'attach', device: descriptor }]);
    expect(watcher.usbState).toEqual({ available: true });
    // Discovery let go of the device, so a transport can claim it.
    await expect(UsbTransport.open(bus)).resolves.toBeInstanceOf(UsbTransport);
  });

  it('debounces an attach until the device settles, then reports it once', async () => {
    const bus = new FakeUsbBus();
    const timers = new ManualTimers();
    const { watcher, events, eventsReach } = watch({
      usb: async () => ({ available: true, bus }),
      timers,
      usbDebounceMs: 250,
    });
    await watcher.start();
    const device = await hsm(22222222);
    bus.plugIn(device);
    // Bounces out and in again before settling.
    bus.unplug(device);
    const settled = await hsm(22222222);
    bus.plugIn(settled);
    expect(events).toEqual([]);
    expect(timers.waiting()).toEqual([250]);
    timers.fireAll();
    await eventsReach(1);
    expect(events).toEqual([
      {
        type: 'attach',
        device: {
          id: 'usb:22222222',
          serial: 22222222,
          transport: 'usb',
          firmware: '2.4.0',
          simulated: false,
        },
      },
    ]);
  });

  it('reports a detach when the device is pulled, and nothing for devices that are not a YubiHSM 2', async () => {
    const bus = new FakeUsbBus();
    const present = await hsm(33333333);
    bus.plugIn(present);
    const timers = new ManualTimers();
    const { watcher, events } = watch({ usb: async () => ({ available: true, bus }), timers });
    await watcher.start();
    bus.plugIn(
      new FakeYubiHsmUsbDevice(await SimulatedYubiHsm.create(), {
        vendorId: 0x046d,
        productId: 0xc52b,
      }),
    );
    expect(timers.waiting()).toEqual([]);
    bus.unplug(present);
    expect(events.map((event) => [event.type, event.device.id])).toEqual([
      ['attach', 'usb:33333333'],
      ['detach', 'usb:33333333'],
    ]);
    expect(watcher.list()).toEqual([]);
  });

  it('drops a pending attach when the device leaves before it settles', async () => {
    const bus = new FakeUsbBus();
    const timers = new ManualTimers();
    const { watcher, events } = watch({ usb: async () => ({ available: true, bus }), timers });
    await watcher.start();
    const device = await hsm(44444444);
    bus.plugIn(device);
    bus.unplug(device);
    expect(timers.waiting()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('describes a device another program holds, with the problem instead of a firmware', async () => {
    const bus = new FakeUsbBus();
    bus.plugIn(await hsm(55555555));
    const holder = await UsbTransport.open(bus);
    const { watcher } = watch({
      usb: async () => ({ available: true, bus }),
      timers: new ManualTimers(),
    });
    await watcher.start();
    expect(watcher.list()).toEqual([
      {
        id: 'usb:55555555',
        serial: 55555555,
        transport: 'usb',
        firmware: 'unknown',
        simulated: false,
        problem: expect.stringMatching(
          /another program \(such as yubihsm-connector\) may be using it/,
        ),
      },
    ]);
    // The other program lets go; looking again finds the device usable.
    await holder.close();
    await watcher.refresh();
    expect(watcher.list()).toEqual([
      {
        id: 'usb:55555555',
        serial: 55555555,
        transport: 'usb',
        firmware: '2.4.0',
        simulated: false,
      },
    ]);
  });

  it('identifies a device once when a settled connect event and a refresh ask at the same time', async () => {
    const bus = new FakeUsbBus();
    const timers = new ManualTimers();
    const { watcher, events } = watch({ usb: async () => ({ available: true, bus }), timers });
    await watcher.start();
    const device = await hsm(12121212);
    bus.plugIn(device);
    timers.fireAll();
    await watcher.refresh();
    // Had both opened the device, the second would have found it claimed ("another program").
    expect(events).toEqual([
      {
        type: 'attach',
        device: {
          id: 'usb:12121212',
          serial: 12121212,
          transport: 'usb',
          firmware: '2.4.0',
          simulated: false,
        },
      },
    ]);
    expect(device.requests).toHaveLength(1);
  });

  it('treats a bus without a USB subsystem as "no USB devices" and does not subscribe to it', async () => {
    const bus = new FakeUsbBus({ missingSubsystem: true });
    const { watcher, events } = watch({ usb: async () => ({ available: true, bus }) });
    await watcher.start();
    expect(watcher.usbState).toEqual({
      available: false,
      reason: expect.stringMatching(/no USB subsystem/),
    });
    expect(watcher.list()).toEqual([]);
    expect(events).toEqual([]);
    expect(bus.listenerCount()).toBe(0);
  });

  it('reports why when the usb module itself cannot load', async () => {
    const { watcher } = watch({
      usb: async () => ({
        available: false,
        reason: 'USB support could not be loaded on this computer',
      }),
    });
    await watcher.start();
    expect(watcher.usbState).toEqual({
      available: false,
      reason: 'USB support could not be loaded on this computer',
    });
  });

  it('stops listening to the bus on stop', async () => {
    const bus = new FakeUsbBus();
    const { watcher } = watch({
      usb: async () => ({ available: true, bus }),
      timers: new ManualTimers(),
    });
    await watcher.start();
    expect(bus.listenerCount()).toBe(2);
    await watcher.stop();
    expect(bus.listenerCount()).toBe(0);
  });
});

describe('DeviceWatcher on connectors', () => {
  it('attaches a connector whose status is OK and detaches it when it stops answering', async () => {
    const server = await startConnectorServer({
      device: await SimulatedYubiHsm.create({ serial: 66666666 }),
      host: '127.0.0.1',
      port: 0,
    });
    const timers = new ManualTimers();
    const { watcher, events } = watch({
      usb: null,
      connectors: [`${server.url}/`],
      timers,
      connectorPollMs: 1500,
    });
    await watcher.start();
    const descriptor = {
      id: `connector:${server.url}`,
      serial: 66666666,
      transport: 'connector',
      firmware: '2.4.0',
      simulated: true,
    };
    expect(watcher.list()).toEqual([descriptor]);
    expect(timers.waiting()).toEqual([1500]);
    await watcher.refresh();
    expect(events).toHaveLength(1);
    await server.close();
    await watcher.refresh();
    expect(events).toEqual([
      { type: 'attach', device: descriptor },
      { type: 'detach', device: descriptor },
    ]);
  });

  it('reports nothing for a connector that is not running', async () => {
    const server = await startConnectorServer({
      device: await SimulatedYubiHsm.create(),
      host: '127.0.0.1',
      port: 0,
    });
    const url = server.url;
    await server.close();
    const { watcher, events } = watch({ usb: null, connectors: [url], timers: new ManualTimers() });
    await watcher.start();
    expect(events).toEqual([]);
  });

  it('watches a connector added later, and forgets a removed one', async () => {
    const server = await startConnectorServer({
      device: await SimulatedYubiHsm.create({ serial: 77777777 }),
      host: '127.0.0.1',
      port: 0,
    });
    servers.push(server);
    const { watcher, eventsReach } = watch({ usb: null, timers: new ManualTimers() });
    await watcher.start();
    expect(watcher.addConnector(server.url)).toBe(`connector:${server.url}`);
    await eventsReach(1);
    expect(watcher.list().map((device) => device.serial)).toEqual([77777777]);
    watcher.removeConnector(server.url);
    expect(watcher.list()).toEqual([]);
  });
});

describe('DeviceWatcher with simulators', () => {
  it('attaches registered simulators at once and detaches them on removal', async () => {
    const { watcher, events } = watch({ usb: null });
    await watcher.start();
    const primary = await SimulatedYubiHsm.create({ serial: 88888888 });
    expect(watcher.addSimulator('primary', primary)).toEqual({
      id: 'sim:primary',
      serial: 88888888,
      transport: 'simulator',
      firmware: '2.4.0',
      simulated: true,
    });
    watcher.removeSimulator('primary');
    expect(events.map((event) => `${event.type} ${event.device.id}`)).toEqual([
      'attach sim:primary',
      'detach sim:primary',
    ]);
  });

  it('keeps telling other listeners when one of them throws', async () => {
    const { watcher, events } = watch({ usb: null });
    watcher.onChange(() => {
      throw new Error('a broken listener');
    });
    const heard: string[] = [];
    watcher.onChange((event) => heard.push(event.device.id));
    watcher.addSimulator('secondary', await SimulatedYubiHsm.create());
    expect(events).toHaveLength(1);
    expect(heard).toEqual(['sim:secondary']);
  });

  it('hands out copies, so a listener cannot change what others see', async () => {
    const { watcher } = watch({ usb: null });
    watcher.onChange((event) => {
      event.device.serial = 1;
    });
    watcher.addSimulator('primary', await SimulatedYubiHsm.create({ serial: 99999999 }));
    expect(watcher.list()[0]!.serial).toBe(99999999);
  });
});
