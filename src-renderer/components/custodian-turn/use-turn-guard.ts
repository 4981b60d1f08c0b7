// While a share is in a custodian's hands on screen (shown at initialization, being typed at a
// restore): leave the turn after the ceremony's idle period, when the window loses the focus or
// is hidden, and on Esc; count moving, typing and pasting as being at the screen (and, where main
// keeps a timer of its own, tell it so); keep the share off the clipboard (pasting in is allowed:
// that is how a scanner or a copy arrives). One guard for every ceremony's turn; main's side of
// the turn is the table in shared/ceremony/custodian-turn.ts.

import { useEffect, useRef } from 'react';
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
  /** The custodian's sheet window or print dialog: it may take the focus, and activity in it counts. */
  readonly companion?: TurnGuardCompanion;
  /** Tests and benchmarks only; the page uses performance.now. */
  readonly now?: () => number;
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

export function useTurnGuard({
  idleSeconds,
  onLeave,
  onStillHere,
  companion,
  now = () => performance.now(),
}: TurnGuardOptions): void {
  // The latest callbacks, without restarting the idle period each render.
  const callbacks = useRef({ onLeave, onStillHere, now, companion });
  useEffect(() => {
    callbacks.current = { onLeave, onStillHere, now, companion };
  });

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
    const check = () => {
      const remaining = watch.remaining(clock());
      if (remaining <= 0) leave('idle');
      else timer = setTimeout(check, remaining);
    };
    const active = (event?: Event) => {
      // Esc is leaving, not being at the screen.
      if (event instanceof KeyboardEvent && event.key === 'Escape') return;
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
    timer = setTimeout(check, watch.remaining(clock()));
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
    };
  }, [idleSeconds]);
}
