// The stores reach components through context rather than module globals, so each window (and
// each render test) gets its own.

import type { ReactNode } from 'react';
import { createContext, useContext, useEffect } from 'react';
import { useStore } from 'zustand';
import type { DeviceView } from '../../shared/ipc/devices';
import type { DevicesLoad, DevicesStore } from './devices-store';
import { createDevicesStore } from './devices-store';
import type { HostState, HostStore } from './host-store';
import type { SmartCardList } from '../../shared/ipc/smartcards';
import {
  createSmartCardsStore,
  type SmartCardsState,
  type SmartCardsStore,
} from './smartcards-store';
import { createHostStore } from './host-store';
import type { Screen, ViewStore } from './view-store';
import { createViewStore } from './view-store';

export interface Stores {
  readonly devices: DevicesStore;
  readonly smartCards: SmartCardsStore;
  readonly host: HostStore;
  readonly view: ViewStore;
}

export function createStores(
  knownDevices?: readonly DeviceView[],
  knownSmartCards?: SmartCardList,
): Stores {
  return {
    devices: createDevicesStore(knownDevices),
    smartCards: createSmartCardsStore(knownSmartCards),
    host: createHostStore(),
    view: createViewStore(),
  };
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext value={stores}>{children}</StoresContext>;
}

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores)
    throw new Error('A component that reads the stores was rendered outside StoresProvider.');
  return stores;
}

export function useDevices(): readonly DeviceView[] {
  return useStore(useStores().devices, (state) => state.devices);
}

export function useDevicesLoad(): DevicesLoad {
  return useStore(useStores().devices, (state) => state.load);
}

export function useSmartCards(): SmartCardsState {
  return useStore(useStores().smartCards, (state) => state);
}

export function useHost(): HostState {
  return useStore(useStores().host, (state) => state.host);
}

export function useScreen(): Screen {
  return useStore(useStores().view, (state) => state.screen);
}

export function useCeremonyRehearsal(): boolean {
  return useStore(useStores().view, (state) => state.ceremonyRehearsal);
}

/** A ceremony's frame tells the window whether the ceremony runs on a simulated device. */
export function useReportCeremonyRehearsal(rehearsal: boolean): void {
  const view = useStores().view;
  useEffect(() => {
    view.getState().showCeremonyRehearsal(rehearsal);
  }, [view, rehearsal]);
}

export function useNavigation(): Pick<
  ReturnType<ViewStore['getState']>,
  'openCeremony' | 'goHome'
> {
  const view = useStores().view;
  return { openCeremony: view.getState().openCeremony, goHome: view.getState().goHome };
}
