// View-only state: which screen is showing. Nothing here is a fact about a ceremony or a
// device; those live in main and are mirrored by the other stores.

import { createStore } from 'zustand/vanilla';
import type { CeremonyId } from '../../shared/ceremony/catalog';
import { CEREMONIES } from '../../shared/ceremony/catalog';

export type Screen =
  { readonly kind: 'home' } | { readonly kind: 'ceremony'; readonly ceremony: CeremonyId };

export interface ViewState {
  readonly screen: Screen;
  /**
   * The open ceremony runs on a simulated device, as its latest snapshot from main says.
   * The ceremony's frame reports it; the window's rehearsal banner follows it.
   */
  readonly ceremonyRehearsal: boolean;
  openCeremony(ceremony: CeremonyId): void;
  goHome(): void;
  showCeremonyRehearsal(rehearsal: boolean): void;
}

export type ViewStore = ReturnType<typeof createViewStore>;

export function createViewStore() {
  return createStore<ViewState>()((set) => ({
    screen: { kind: 'home' },
    ceremonyRehearsal: false,
    openCeremony: (ceremony) => {
      // A ceremony that is not built yet has no screen to open.
      if (!CEREMONIES.some((entry) => entry.id === ceremony && entry.available)) return;
      set({ screen: { kind: 'ceremony', ceremony }, ceremonyRehearsal: false });
    },
    goHome: () => set({ screen: { kind: 'home' }, ceremonyRehearsal: false }),
    showCeremonyRehearsal: (rehearsal) => set({ ceremonyRehearsal: rehearsal }),
  }));
}
