import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../shared/ipc/devices';
import type { Result } from '../../shared/ipc/result';
import type { DeviceSource } from './devices-store';
import { createDevicesStore, mirrorDevices, showsRehearsal } from './devices-store';
import { createViewStore } from './view-store';

const primary: DeviceView = {
  id: 'sim:primary',
  name: 'Simulated primary',
  serial: 1000001,
  transport: 'simulator',
  firmware: '2.4.0',
  simulated: true,
  status: { kind: 'factory-fresh', usedSlots: 1, totalSlots: 256 },
};
const usb: DeviceView = {
  id: 'usb:7550130',
  name: 'YubiHSM 2',
  serial: 7550130,
  transport: 'usb',
  firmware: '2.4.0',
  simulated: false,
  status: { kind: 'checking' },
};

/** Stands in for the bridge's event wiring: the test decides when main answers and pushes. */
class MainSide implements DeviceSource {
  private listeners = new Set<(devices: DeviceView[]) => void>();
  private answer: ((result: Result<DeviceView[]>) => void) | null = null;

  listDevices = (): Promise<Result<DeviceView[]>> =>
    new Promise((resolve) => {
      this.answer = resolve;
    });

  on: DeviceSource['on'] = (event, listener) => {
    if (event !== 'device/changed') return () => undefined;
    const onDevices = listener as (devices: DeviceView[]) => void;
    this.listeners.add(onDevices);
    return () => this.listeners.delete(onDevices);
  };

  answerList(result: Result<DeviceView[]>): void {
    this.answer?.(result);
  }

  push(devices: DeviceView[]): void {
    for (const listener of this.listeners) listener(devices);
  }

  get listening(): number {
    return this.listeners.size;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the devices store', () => {
  it('starts loading, then shows the devices main lists', async () => {
    const store = createDevicesStore();
    const main = new MainSide();
    mirrorDevices(store, main);
    expect(store.getState().load).toEqual({ kind: 'loading' });
    main.answerList({ ok: true, data: [primary] });
    await settle();
    expect(store.getState()).toEqual({ devices: [primary], load: { kind: 'loaded' } });
  });

  it('follows attach, status change and detach as main pushes them', async () => {
    const store = createDevicesStore();
    const main = new MainSide();
    mirrorDevices(store, main);
    main.answerList({ ok: true, data: [primary] });
    await settle();

    main.push([primary, usb]);
    expect(store.getState().devices.map((device) => device.id)).toEqual([
      'sim:primary',
      'usb:7550130',
    ]);

    const checked: DeviceView = { ...usb, status: { kind: 'configured' } };
    main.push([primary, checked]);
    expect(store.getState().devices[1]!.status).toEqual({ kind: 'configured' });

    main.push([primary]);
    expect(store.getState().devices).toEqual([primary]);
  });

  it('keeps a change pushed while the first list was on its way instead of the older list', async () => {
    const store = createDevicesStore();
    const main = new MainSide();
    mirrorDevices(store, main);
    main.push([primary, usb]);
    main.answerList({ ok: true, data: [primary] });
    await settle();
    expect(store.getState().devices).toEqual([primary, usb]);
  });

  it('says why when main cannot list devices', async () => {
    const store = createDevicesStore();
    const main = new MainSide();
    mirrorDevices(store, main);
    main.answerList({ ok: false, code: 'internal', message: 'The USB bus could not be opened.' });
    await settle();
    expect(store.getState().load).toEqual({
      kind: 'failed',
      message: 'The USB bus could not be opened.',
    });
  });

  it('says what to do when the bridge never answers', async () => {
    const store = createDevicesStore();
    mirrorDevices(store, {
      on: () => () => undefined,
      listDevices: () => Promise.reject(new Error('socket closed')),
    });
    await settle();
    const load = store.getState().load;
    expect(load.kind).toBe('failed');
    expect(load.kind === 'failed' && load.message).toMatch(/start Custos again/);
  });

  it('stops following main once stopped', async () => {
    const store = createDevicesStore();
    const main = new MainSide();
    const stop = mirrorDevices(store, main);
    stop();
    expect(main.listening).toBe(0);
    main.answerList({ ok: true, data: [primary] });
    await settle();
    expect(store.getState().devices).toEqual([]);
  });
});

describe('the rehearsal rule', () => {
  const home = { inCeremony: false } as const;
  const inCeremony = (ceremonyRehearsal: boolean) =>
    ({ inCeremony: true, ceremonyRehearsal }) as const;

  it('is on at home exactly when a simulated device is in the list', () => {
    expect(showsRehearsal([], home)).toBe(false);
    expect(showsRehearsal([usb], home)).toBe(false);
    expect(showsRehearsal([primary], home)).toBe(true);
    expect(showsRehearsal([usb, primary], home)).toBe(true);
  });

  it('follows the ceremony once it has a device, so hardware next to a simulator is not called a rehearsal', () => {
    expect(showsRehearsal([usb, primary], inCeremony(false))).toBe(false);
    expect(showsRehearsal([usb, primary], inCeremony(true))).toBe(true);
    expect(showsRehearsal([primary], inCeremony(false))).toBe(true);
    expect(showsRehearsal([usb], inCeremony(false))).toBe(false);
  });
});

describe('the window and the open ceremony', () => {
  it('hears from the ceremony whether it is a rehearsal, and forgets it on the way home', () => {
    const view = createViewStore();
    view.getState().openCeremony('verify');
    view.getState().showCeremonyRehearsal(true);
    expect(view.getState().ceremonyRehearsal).toBe(true);
    view.getState().goHome();
    expect(view.getState().ceremonyRehearsal).toBe(false);
    view.getState().showCeremonyRehearsal(true);
    view.getState().openCeremony('dump');
    expect(view.getState().ceremonyRehearsal).toBe(false);
  });
});
