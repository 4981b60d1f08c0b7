// A ceremony's store and intents reach its screens through context, so each window (and each
// render test) has its own and no screen keeps a snapshot of its own. One factory serves every
// ceremony's screens alike.

import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CeremonyState, CeremonyStore } from '../stores/ceremony-store';

export interface CeremonyContextValue<S, I> {
  readonly store: CeremonyStore<S>;
  readonly intents: I;
}

export function createCeremonyContext<S, I>(ceremony: string) {
  const Context = createContext<CeremonyContextValue<S, I> | null>(null);

  function useValue(): CeremonyContextValue<S, I> {
    const value = useContext(Context);
    if (!value) throw new Error(`A ${ceremony} screen was rendered outside its provider.`);
    return value;
  }

  function Provider({
    store,
    intents,
    children,
  }: CeremonyContextValue<S, I> & { children: ReactNode }) {
    return <Context value={{ store, intents }}>{children}</Context>;
  }

  function useCeremonyState<T>(select: (state: CeremonyState<S>) => T): T {
    return useStore(useValue().store, select);
  }

  function useSnapshot(): S | null {
    return useCeremonyState((state) => state.snapshot);
  }

  /** Whether an intent is on its way: buttons that would send another one wait. */
  function useSending(): boolean {
    return useCeremonyState((state) => state.sending > 0);
  }

  function useIntents(): I {
    return useValue().intents;
  }

  /** The store itself, for intents kept beside their screens. */
  function useCeremonyStore(): CeremonyStore<S> {
    return useValue().store;
  }

  return { Provider, useCeremonyState, useSnapshot, useSending, useIntents, useCeremonyStore };
}
