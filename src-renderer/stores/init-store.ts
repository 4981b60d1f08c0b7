// The initialization ceremony as the renderer sees it: the latest snapshot main sent, and
// nothing older (STYLE.md §13). Main pushes snapshots as `init/snapshot` events and answers
// every intent with one; both travel on the same ordered channel as the answers, so the one
// that arrives last is the newest and simply replaces the one before. A snapshot that carried
// a share is therefore gone from here the moment the next one arrives.

import { createStore } from 'zustand/vanilla';
import type { InitSnapshot } from '../../shared/ceremony/init-session';
import type { CustosApi } from '../../shared/ipc/api';
import type { Result } from '../../shared/ipc/result';
import { unansweredCall } from '../bridge';
import { sendIntent as sendCeremonyIntent } from './ceremony-store';

export type InitConnection =
  | { readonly kind: 'opening' }
  | { readonly kind: 'open' }
  | { readonly kind: 'failed'; readonly message: string };

export interface InitState {
  /** The latest snapshot; null before the first one, and after the ceremony is closed. */
  readonly snapshot: InitSnapshot | null;
  readonly connection: InitConnection;
  /** How many intents are on their way to main. */
  readonly sending: number;
  /** Main's sentence for the last intent it refused (cleared by the next accepted one). */
  readonly refusal: string | null;
  /** How many intents main has refused, so the same sentence twice is shown (and focused) anew. */
  readonly refused: number;
}

export type InitStore = ReturnType<typeof createInitStore>;
export type InitApi = Pick<CustosApi, 'on' | 'initCurrent' | 'initStart'>;

/** Starts empty and opening; render tests pass what main already said (server rendering reads only the initial state). */
export function createInitStore(known?: InitSnapshot, refusal: string | null = null) {
  return createStore<InitState>()(() => ({
    snapshot: known ?? null,
    connection: known ? { kind: 'open' } : { kind: 'opening' },
    sending: 0,
    refusal,
    refused: 0,
  }));
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
  let stopped = false;
  const unsubscribe = api.on('init/snapshot', (snapshot) => {
    if (!stopped) store.setState({ snapshot });
  });
  const open = async (): Promise<Result<InitSnapshot | null>> => {
    const current = await api.initCurrent({});
    // A mirror stopped meanwhile (React's StrictMode mounts twice) must not start a ceremony.
    if (stopped || !current.ok || (current.data !== null && !isOver(current.data))) return current;
    return api.initStart({});
  };
  open().then(
    (result) => {
      if (stopped) return;
      store.setState(
        result.ok
          ? { snapshot: result.data, connection: { kind: 'open' } }
          : { connection: { kind: 'failed', message: result.message } },
      );
    },
    () => {
      if (!stopped)
        store.setState({
          connection: { kind: 'failed', message: unansweredCall('the initialization ceremony') },
        });
    },
  );
  return () => {
    stopped = true;
    unsubscribe();
  };
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

/**
 * Sends one intent and keeps its answer: the new snapshot, or main's sentence for why it was
 * refused. Resolves with the snapshot when the intent was accepted, so a caller can act on it
 * (clear a password field, go home) without keeping it.
 */
export function sendIntent(
  store: InitStore,
  call: () => Promise<Result<InitSnapshot>>,
  what: string,
): Promise<InitSnapshot | null> {
  return sendCeremonyIntent(store, call, what);
}
