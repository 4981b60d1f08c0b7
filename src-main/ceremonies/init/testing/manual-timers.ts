// Test support: timers a test fires by hand, so "the share hid itself after 60 s" needs no wait.

import type { Timers } from '../timers';

export class ManualTimers implements Timers {
  private readonly pending = new Map<number, { callback: () => void; ms: number }>();
  private nextId = 1;

  set(callback: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.pending.set(id, { callback, ms });
    return () => void this.pending.delete(id);
  }

  /** Delays of the timers still waiting. */
  get waiting(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Fires every waiting timer once. */
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const timer of due) timer.callback();
  }
}
