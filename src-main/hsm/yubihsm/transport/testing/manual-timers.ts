// Timers a test fires by hand, so debounce and polling are checked without sleeping.

import type { Timers } from '../timers';

interface Pending {
  callback: () => void;
  ms: number;
}

export class ManualTimers implements Timers {
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers waiting now, in the order they were set. */
  waiting(): number[] {
    return [...this.pending.values()].map((entry) => entry.ms);
  }

  /** Fires every timer waiting now (not ones they set in turn). */
  fireAll(): void {
    const due = [...this.pending.entries()];
    this.pending.clear();
    for (const [, entry] of due) entry.callback();
  }
}
