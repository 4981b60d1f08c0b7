// Every ceremony screen opens the same way: one store for the window, the ceremony's intents
// over it, and for as long as the screen is shown main's snapshots followed and the ceremony
// under way picked up (or a new one started). A window Custos did not open has no bridge: the
// frame then says so and nothing is sent. One hook, so a new ceremony's wizard is a plan and a
// provider, not another copy of this.

import { useEffect, useState } from 'react';
import { createCeremonyStore, type CeremonyStore } from '../stores/ceremony-store';

/** How one ceremony's screen opens; keep it a module constant beside the wizard. */
export interface CeremonyOpening<S, I, A> {
  /** The ceremony's intents over the window's store. */
  readonly intents: (store: CeremonyStore<S>, api: A) => I;
  /**
   * Follows main's snapshots and opens the ceremony, usually `openCeremony` with the ceremony's
   * snapshot event, `current` and `start`; returns the function that stops following.
   */
  readonly open: (store: CeremonyStore<S>, api: A) => () => void;
  /** What a window without the bridge cannot do: "run a restore". */
  readonly cannot: string;
}

export interface OpenedCeremony<S, I> {
  readonly store: CeremonyStore<S>;
  readonly intents: I;
}

/**
 * The window's store and intents for one ceremony, opened in main while the screen is shown;
 * null when this window has no bridge to main (the store then holds the sentence that says so).
 */
export function useOpenCeremony<S, I, A>(
  api: A | null | undefined,
  opening: CeremonyOpening<S, I, A>,
): OpenedCeremony<S, I> | null {
  // The first opening is kept: a plan written inline must not reopen the ceremony on each render.
  const [{ open, cannot }] = useState(() => opening);
  const [store] = useState(() => createCeremonyStore<S>());
  const [intents] = useState(() => (api ? opening.intents(store, api) : null));
  useEffect(() => {
    if (!api) {
      store.setState({
        connection: {
          kind: 'failed',
          message: `This window was not opened by Custos, so it cannot ${cannot}.`,
        },
      });
      return;
    }
    return open(store, api);
  }, [api, store, open, cannot]);
  return intents === null ? null : { store, intents };
}
