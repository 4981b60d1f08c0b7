// The devices main can see, mirrored from `listDevices()` and the `device/changed` event.
// Main sends the whole list each time, so attach, detach and status changes are all one case.

import { createStore } from 'zustand/vanilla';
import type { CustosApi } from '../../shared/ipc/api';
import type { DeviceView } from '../../shared/ipc/devices';
import { unansweredCall } from '../bridge';
import { mirror } from './mirror';

export type DevicesLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded' }
  | { readonly kind: 'failed'; readonly message: string };

export interface DevicesState {
  readonly devices: readonly DeviceView[];
  readonly load: DevicesLoad;
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;
export type DeviceSource = Pick<CustosApi, 'listDevices' | 'on'>;

/** Starts empty and loading; render tests pass a list that is already known. */
export function createDevicesStore(known?: readonly DeviceView[]) {
  return createStore<DevicesState>()(() =>
    known
      ? { devices: known, load: { kind: 'loaded' } }
      : { devices: [], load: { kind: 'loading' } },
  );
}

/** Keeps `store` in step with main until the returned function is called. */
export function mirrorDevices(store: DevicesStore, api: DeviceSource): () => void {
  return mirror(
    {
      subscribe: (listener) => api.on('device/changed', listener),
      fetch: () => api.listDevices({}),
    },
    {
      value: (devices) => store.setState({ devices, load: { kind: 'loaded' } }),
      // A failed refresh keeps the last list it had: a device that was there is still shown.
      failure: (message) => store.setState({ load: { kind: 'failed', message } }),
    },
    unansweredCall('the list of devices'),
  );
}

/**
 * Whether the window shows the rehearsal banner (DESIGN.md, Ceremonies). On the home screen:
 * whenever a simulated device is listed. Inside a ceremony: when it runs on a simulated device,
 * or, before it has one, when simulated devices are all there is to choose from, so a real
 * ceremony on real hardware is never labelled a rehearsal.
 */
export function showsRehearsal(
  devices: readonly Pick<DeviceView, 'simulated'>[],
  where: { inCeremony: false } | { inCeremony: true; ceremonyRehearsal: boolean },
): boolean {
  const simulated = devices.some((device) => device.simulated);
  if (!where.inCeremony) return simulated;
  return where.ceremonyRehearsal || (simulated && !devices.some((device) => !device.simulated));
}
