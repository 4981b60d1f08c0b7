// The SmartCard-HSM family main can see, mirrored from `listSmartCards()` and the
// `smartcard/changed` event: the simulated pair, PC/SC readers, and whether PC/SC works here.

import { createStore } from 'zustand/vanilla';
import type { CustosApi } from '../../shared/ipc/api';
import type { SmartCardList } from '../../shared/ipc/smartcards';
import { unansweredCall } from '../bridge';
import { mirror } from './mirror';

export interface SmartCardsState {
  readonly list: SmartCardList;
  readonly failure: string | undefined;
}

export type SmartCardsStore = ReturnType<typeof createSmartCardsStore>;
export type SmartCardSource = Pick<CustosApi, 'listSmartCards' | 'on'>;

export function createSmartCardsStore(known?: SmartCardList) {
  return createStore<SmartCardsState>()(() => ({
    list: known ?? { cards: [] },
    failure: undefined,
  }));
}

export function mirrorSmartCards(store: SmartCardsStore, api: SmartCardSource): () => void {
  return mirror(
    {
      subscribe: (listener) => api.on('smartcard/changed', listener),
      fetch: () => api.listSmartCards({}),
    },
    {
      value: (list) => store.setState({ list, failure: undefined }),
      // A failed refresh keeps the last list: a card that was there is still shown.
      failure: (message) => store.setState({ failure: message }),
    },
    unansweredCall('the list of SmartCard-HSM devices'),
  );
}
