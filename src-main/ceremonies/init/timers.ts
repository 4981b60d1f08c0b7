// A timer the engine can be given, so tests fire "the share hid itself after 60 s" by hand
// instead of waiting (house style: no timed assertions).

export interface Timers {
  /** Calls `callback` once after `ms`; returns a function that cancels it. */
  set(callback: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
