// Mirrors one piece of main's state (STYLE.md §13): fetch it once, then follow the event main
// pushes when it changes. Devices use it now; ceremony snapshots will use it the same way.

import type { Result } from '../../shared/ipc/result';

export interface MirrorSource<T> {
  /** Start listening; returns the unsubscribe function `window.custos.on` gives. */
  subscribe(listener: (value: T) => void): () => void;
  fetch(): Promise<Result<T>>;
}

export interface MirrorTarget<T> {
  value(value: T): void;
  failure(message: string): void;
}

/**
 * Subscribes before fetching so no change is lost between the two. An event always carries
 * newer state than a fetch that was sent before it, so once an event has arrived the fetch's
 * answer is dropped. Returns a function that stops the mirror.
 */
export function mirror<T>(
  source: MirrorSource<T>,
  target: MirrorTarget<T>,
  unanswered: string,
): () => void {
  let eventArrived = false;
  let stopped = false;
  const unsubscribe = source.subscribe((value) => {
    if (stopped) return;
    eventArrived = true;
    target.value(value);
  });
  source.fetch().then(
    (result) => {
      if (stopped || eventArrived) return;
      if (result.ok) target.value(result.data);
      else target.failure(result.message);
    },
    () => {
      if (!stopped && !eventArrived) target.failure(unanswered);
    },
  );
  return () => {
    stopped = true;
    unsubscribe();
  };
}
