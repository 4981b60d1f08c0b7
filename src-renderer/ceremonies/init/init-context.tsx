// The ceremony's store and intents reach its screens through context, so each window (and each
// render test) has its own, and no screen keeps a snapshot of its own.

import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { InitSnapshot } from '../../../shared/ceremony/init-session';
import type { InitState, InitStore } from '../../stores/init-store';
import type { InitIntents } from './intents';

interface InitContextValue {
  readonly store: InitStore;
  readonly intents: InitIntents;
}

const InitContext = createContext<InitContextValue | null>(null);

export function InitProvider({
  store,
  intents,
  children,
}: InitContextValue & { children: ReactNode }) {
  return <InitContext value={{ store, intents }}>{children}</InitContext>;
}

function useInitContext(): InitContextValue {
  const value = useContext(InitContext);
  if (!value) throw new Error('An initialization screen was rendered outside InitProvider.');
  return value;
}

export function useInitState<T>(select: (state: InitState) => T): T {
  return useStore(useInitContext().store, select);
}

export function useSnapshot(): InitSnapshot | null {
  return useInitState((state) => state.snapshot);
}

/** Whether an intent is on its way: buttons that would send another one wait. */
export function useSending(): boolean {
  return useInitState((state) => state.sending > 0);
}

export function useIntents(): InitIntents {
  return useInitContext().intents;
}

/** The store itself, for intents kept beside their screens (shares/sheet-intents.ts). */
export function useInitStore(): InitStore {
  return useInitContext().store;
}
