// The initialization ceremony as the renderer sees it: the shared ceremony store
// (ceremony-store.ts) holding InitSnapshot, the latest snapshot main sent and nothing older
// (STYLE.md §13). A snapshot that carried a share is therefore gone from here the moment the
// next one arrives; `blankShare` takes it out even sooner.

import type { InitSnapshot } from '../../shared/ceremony/init-snapshot';
import type { CustosApi } from '../../shared/ipc/api';
import {
  createCeremonyStore,
  openCeremony,
  type CeremonyState,
  type CeremonyStore,
} from './ceremony-store';

export { sendIntent } from './ceremony-store';

export type InitState = CeremonyState<InitSnapshot>;
export type InitStore = CeremonyStore<InitSnapshot>;
export type InitApi = Pick<CustosApi, 'on' | 'initCurrent' | 'initStart'>;

/** Starts empty and opening; render tests pass what main already said (server rendering reads only the initial state). */
export function createInitStore(known?: InitSnapshot, refusal: string | null = null): InitStore {
  return createCeremonyStore<InitSnapshot>(known, { refusal });
}

/**
 * A snapshot the renderer should not pick up again when the ceremony screen opens: one that
 * stopped or reached its record is over, so a new ceremony starts instead.
 */
export function isOver(snapshot: InitSnapshot): boolean {
  return snapshot.stopped !== undefined || snapshot.steps.current === 'record';
}

/**
 * Follows main's snapshots and opens a ceremony: the one under way if there is one (the screen
 * was left and reopened), otherwise a new one. Returns the function that stops following.
 */
export function openInitCeremony(store: InitStore, api: InitApi): () => void {
  return openCeremony(store, {
    subscribe: (listener) => api.on('init/snapshot', listener),
    current: () => api.initCurrent({}),
    start: () => api.initStart({}),
    isOver,
    what: 'the initialization ceremony',
  });
}

/**
 * Takes a shown share out of the store at once, before main has answered the hide (Esc, blur,
 * idle, "recorded"): the reveal screen loses it on the next render, whatever the bridge does.
 * The phase stays as main last said; main's answer, or its next event, then takes over.
 */
export function blankShare(store: InitStore): void {
  const snapshot = store.getState().snapshot;
  if (snapshot?.view.step !== 'shares' || snapshot.view.share === undefined) return;
  const view = { ...snapshot.view };
  delete view.share;
  store.setState({ snapshot: { ...snapshot, view } });
}
