// A ceremony's store and intents reach its screens through context, so each window (and each
// render test) has its own and no screen keeps a snapshot of its own. One factory serves every
// ceremony's screens alike.

import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CeremonyState, CeremonyStore } from '../stores/ceremony-store';
import type { NoticesProps } from './CeremonyNotices';

/** What every ceremony's snapshot says for the top of its frame. */
export interface NoticeFacts {
  readonly busy?: string | undefined;
  readonly problem?: { readonly field?: string | undefined; readonly message: string } | undefined;
}

export interface CeremonyContextValue<S, I> {
  readonly store: CeremonyStore<S>;
  readonly intents: I;
}

export function createCeremonyContext<S extends NoticeFacts, I>(ceremony: string) {
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

  /**
   * What the frame's `CeremonyNotices` say: main's busy sentence and problem from the snapshot,
   * and the store's connection, refusal and note.
   */
  function useNotices(): NoticesProps {
    const snapshot = useSnapshot();
    const connection = useCeremonyState((state) => state.connection);
    const refusal = useCeremonyState((state) => state.refusal);
    const refused = useCeremonyState((state) => state.refused);
    const note = useCeremonyState((state) => state.note);
    return { connection, busy: snapshot?.busy, problem: snapshot?.problem, refusal, refused, note };
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

  return {
    Provider,
    useCeremonyState,
    useSnapshot,
    useNotices,
    useSending,
    useIntents,
    useCeremonyStore,
  };
}
