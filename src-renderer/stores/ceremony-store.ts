// One running ceremony as the renderer sees it (back-up, restore, verify): the latest snapshot
// main sent and nothing older (STYLE.md §13). Main pushes snapshots as `<ceremony>/snapshot`
// events and answers every intent with one; both travel on the same ordered channel, so the
// one that arrives last is the newest and simply replaces the one before. Besides the snapshot
// the store holds only view facts (is an intent on its way, main's last refusal, why the
// screen last cleared a form) — never a share, a password or anything typed.

import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Result } from '../../shared/ipc/result';
import { unansweredCall } from '../bridge';
import { announceSettled } from './settled';

export type CeremonyConnection =
  | { readonly kind: 'opening' }
  | { readonly kind: 'open' }
  | { readonly kind: 'failed'; readonly message: string };

export interface CeremonyState<S> {
  /** The latest snapshot; null before the first one, and after the ceremony is closed. */
  readonly snapshot: S | null;
  readonly connection: CeremonyConnection;
  /** How many intents are on their way to main. */
  readonly sending: number;
  /** Main's sentence for the last intent it refused (cleared by the next accepted one). */
  readonly refusal: string | null;
  /** How many intents main has refused, so the same sentence twice is shown (and focused) anew. */
  readonly refused: number;
  /** A view-only sentence the screen left for itself (why an entry form was cleared). */
  readonly note: string | null;
}

export type CeremonyStore<S> = ReturnType<typeof createCeremonyStore<S>>;

/**
 * Starts empty and opening; render tests pass what main already said (server rendering reads
 * only the initial state), and the refusal or note on screen with it.
 */
export function createCeremonyStore<S>(
  known?: S,
  shown: { readonly refusal?: string | null; readonly note?: string | null } = {},
) {
  return createStore<CeremonyState<S>>()(() => ({
    snapshot: known ?? null,
    connection: known ? { kind: 'open' } : { kind: 'opening' },
    sending: 0,
    refusal: shown.refusal ?? null,
    refused: 0,
    note: shown.note ?? null,
  }));
}

/** How one ceremony is reached in main: its snapshot event, `current`, `start`, and when a snapshot is over. */
export interface CeremonySource<S> {
  /** Follows `<ceremony>/snapshot`; returns the unsubscribe function. */
  subscribe(listener: (snapshot: S | null) => void): () => void;
  current(): Promise<Result<S | null>>;
  /**
   * Starts a new ceremony when none is under way. A ceremony that starts only once the person has
   * chosen something (the DKEK ceremonies' device) has none: its screen opens with no snapshot.
   */
  start?(): Promise<Result<S>>;
  /** A snapshot that finished or stopped is not picked up again: a new ceremony starts instead. */
  isOver(snapshot: S): boolean;
  /** "the restore": how an unanswered call names it. */
  readonly what: string;
}

/**
 * Follows main's snapshots and opens a ceremony: the one under way if there is one (the screen
 * was left and reopened), otherwise a new one (or none, where the source cannot start one).
 * Returns the function that stops following.
 */
export function openCeremony<S>(store: CeremonyStore<S>, source: CeremonySource<S>): () => void {
  let stopped = false;
  const unsubscribe = source.subscribe((snapshot) => {
    if (!stopped) store.setState({ snapshot });
  });
  const open = async (): Promise<Result<S | null>> => {
    const current = await source.current();
    // A mirror stopped meanwhile (React's StrictMode mounts twice) must not start a ceremony.
    if (stopped || !current.ok || (current.data !== null && !source.isOver(current.data)))
      return current;
    return source.start ? source.start() : { ok: true, data: null };
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
        store.setState({ connection: { kind: 'failed', message: unansweredCall(source.what) } });
    },
  );
  return () => {
    stopped = true;
    unsubscribe();
  };
}

/** What sending an intent touches: this store's and the initialization ceremony's have it. */
export type IntentStore<S> = StoreApi<
  Pick<CeremonyState<S>, 'snapshot' | 'sending' | 'refusal' | 'refused'>
>;

/**
 * Sends one intent and keeps its answer: the new snapshot, or main's sentence for why it was
 * refused. Resolves with the snapshot when the intent was accepted, null otherwise.
 */
export async function sendIntent<S>(
  store: IntentStore<S>,
  call: () => Promise<Result<S>>,
  what: string,
): Promise<S | null> {
  store.setState((state) => ({ sending: state.sending + 1 }));
  try {
    const result = await call();
    if (result.ok) {
      store.setState({ snapshot: result.data, refusal: null });
      return result.data;
    }
    store.setState((state) => ({ refusal: result.message, refused: state.refused + 1 }));
    return null;
  } catch {
    store.setState((state) => ({ refusal: unansweredCall(what), refused: state.refused + 1 }));
    return null;
  } finally {
    store.setState((state) => ({ sending: state.sending - 1 }));
    if (store.getState().sending === 0) announceSettled();
  }
}

/** Forgets an ended ceremony in main; resolves true when the screen may go home. */
export async function closeCeremony<S>(
  store: CeremonyStore<S>,
  call: () => Promise<Result<null>>,
  what: string,
): Promise<boolean> {
  try {
    const result = await call();
    if (result.ok) store.setState({ snapshot: null, refusal: null, note: null });
    else store.setState((state) => ({ refusal: result.message, refused: state.refused + 1 }));
    return result.ok;
  } catch {
    store.setState((state) => ({ refusal: unansweredCall(what), refused: state.refused + 1 }));
    return false;
  }
}
