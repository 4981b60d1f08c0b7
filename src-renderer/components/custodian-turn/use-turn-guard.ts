// While a share is in a custodian's hands on screen (shown at initialization, being typed at a
// restore): leave the turn after the ceremony's idle period, when the window loses the focus or
// is hidden, and on Esc; count moving, typing and pasting as being at the screen (and, where main
// keeps a timer of its own, tell it so); keep the share off the clipboard (pasting in is allowed:
// that is how a scanner or a copy arrives). Where the turn can be extended (`onExtend`: the
// init share reveal), a countdown is shown for the last seconds of the period (someone copying a
// share by hand touches neither mouse nor keyboard): "I am still here", or a press or a key then,
// extends it by a full period, and main writes each extension to the transcript. One guard for
// every ceremony's turn; main's side of the turn is the table in shared/ceremony/custodian-turn.ts.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import { IdleWatch } from './idle-watch';

/** What the guard asks while a window of the turn's own (a share sheet, a print dialog) may hold the focus. */
export interface TurnGuardCompanion {
  /** The sheet window or a print dialog is open, so this window losing the focus is expected. */
  holdsFocus(): boolean;
  /** Calls `listener` when the custodian moves or types in the sheet window; returns the unsubscribe. */
  onActivity(listener: () => void): () => void;
}

export interface TurnGuardOptions {
  /** How long the share may sit untouched: main's (the ceremony's own policy). */
  readonly idleSeconds: number;
  /** The custodian left the turn: the screen puts the share away and tells main why. */
  readonly onLeave: (reason: Exclude<LeaveReason, 'user'>) => void;
  /** The custodian is still at the screen (throttled); main's own timer, if it keeps one, restarts. */
  readonly onStillHere?: () => void;
  /** The custodian extended the period from the countdown (main records it); absent: no countdown. */
  readonly onExtend?: () => void;
  /** The custodian's sheet window or print dialog: it may take the focus, and activity in it counts. */
  readonly companion?: TurnGuardCompanion;
  /** Tests and benchmarks only; the page uses performance.now. */
  readonly now?: () => number;
}

export interface TurnGuard {
  /** Whole seconds until the share hides, during the countdown; null before it (or without one). */
  readonly secondsLeft: number | null;
  /** "I am still here": another full period, recorded. */
  readonly stillHere: () => void;
}

const ACTIVITY = [
  'keydown',
  'pointermove',
  'pointerdown',
  'wheel',
  'touchstart',
  'paste',
  'input',
] as const;

/** How long before the share hides the countdown shows: a third of the period, 5 to 20 s. */
export function countdownSeconds(hideSeconds: number): number {
  return Math.min(20, Math.max(5, Math.floor(hideSeconds / 3)));
}

export function useTurnGuard({
  idleSeconds,
  onLeave,
  onStillHere,
  onExtend,
  companion,
  now = () => performance.now(),
}: TurnGuardOptions): TurnGuard {
  // The latest callbacks, without restarting the idle period each render.
  const callbacks = useRef({ onLeave, onStillHere, onExtend, now, companion });
  useEffect(() => {
    callbacks.current = { onLeave, onStillHere, onExtend, now, companion };
  });
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const extendNow = useRef<() => void>(() => undefined);
  const countsDown = onExtend !== undefined;

  useEffect(() => {
    const clock = () => callbacks.current.now();
    const watch = new IdleWatch({ hideAfterMs: idleSeconds * 1000 }, clock());
    let left = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const leave = (reason: Exclude<LeaveReason, 'user'>) => {
      if (left) return;
      left = true;
      callbacks.current.onLeave(reason);
    };
    const warnMs = countsDown ? countdownSeconds(idleSeconds) * 1000 : 0;
    let counting = false;
    const check = () => {
      clearTimeout(timer);
      const remaining = watch.remaining(clock());
      if (remaining <= 0) return leave('idle');
      counting = remaining <= warnMs;
      if (countsDown) setSecondsLeft(counting ? Math.ceil(remaining / 1000) : null);
      // During the countdown, tick on each whole second; before it, sleep until it starts.
      timer = setTimeout(
        check,
        counting ? remaining - (Math.ceil(remaining / 1000) - 1) * 1000 : remaining - warnMs,
      );
    };
    const extend = () => {
      if (left || !countsDown) return;
      watch.extend(clock());
      callbacks.current.onExtend?.();
      check();
    };
    extendNow.current = extend;
    const active = (event?: Event) => {
      // Esc is leaving, not being at the screen.
      if (event instanceof KeyboardEvent && event.key === 'Escape') return;
      // During the countdown only a deliberate act (a press, a key) keeps the share up, and it
      // is an extension: a mouse drifting on its way to "I am still here" would make the button
      // vanish under it.
      if (counting) {
        if (event?.type === 'pointermove' || event?.type === 'wheel') return;
        return extend();
      }
      if (watch.activity(clock())) callbacks.current.onStillHere?.();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      leave('escape');
    };
    // Focus going to the sheet's own window is not leaving; the companion watches that window.
    const onBlur = () => {
      if (!callbacks.current.companion?.holdsFocus()) leave('blur');
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') leave('blur');
    };
    // Nothing a custodian holds on screen is for the clipboard.
    const refuseClipboard = (event: ClipboardEvent) => event.preventDefault();
    check();
    const stopCompanion = callbacks.current.companion?.onActivity(() => active());
    for (const type of ACTIVITY)
      window.addEventListener(type, active, { passive: true, capture: true });
    window.addEventListener('keydown', onKey);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    document.addEventListener('copy', refuseClipboard);
    document.addEventListener('cut', refuseClipboard);
    return () => {
      clearTimeout(timer);
      stopCompanion?.();
      for (const type of ACTIVITY) window.removeEventListener(type, active, { capture: true });
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
      document.removeEventListener('copy', refuseClipboard);
      document.removeEventListener('cut', refuseClipboard);
      extendNow.current = () => undefined;
    };
  }, [idleSeconds, countsDown]);
  const stillHere = useCallback(() => extendNow.current(), []);
  return { secondsLeft, stillHere };
}
