// While a custodian's share entry is on screen: clear it and leave the turn when nothing has
// happened for a while, when the window loses the focus or is hidden, and on Esc; keep what is
// typed off the clipboard (pasting in is allowed: that is how a scanner or a copy arrives).

import { useEffect, useRef } from 'react';
import { IdleWatch } from '../init/shares/idle-watch';
import type { LeaveReason } from './intents';

export interface EntryGuardOptions {
  readonly onLeave: (reason: LeaveReason) => void;
  /**
   * How long an entry may sit untouched: main's `idleSeconds` (the ceremony's own policy). Main
   * keeps no timer for it: the form holds the share, so the form clears itself.
   */
  readonly idleSeconds: number;
  /** Tests only; the page uses performance.now. */
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

export function useEntryGuard({
  onLeave,
  idleSeconds,
  now = () => performance.now(),
}: EntryGuardOptions): void {
  const callbacks = useRef({ onLeave, now });
  useEffect(() => {
    callbacks.current = { onLeave, now };
  });

  useEffect(() => {
    const clock = () => callbacks.current.now();
    const watch = new IdleWatch({ hideAfterMs: idleSeconds * 1000 }, clock());
    let left = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const leave = (reason: LeaveReason) => {
      if (left) return;
      left = true;
      callbacks.current.onLeave(reason);
    };
    const check = () => {
      const remaining = watch.remaining(clock());
      if (remaining <= 0) leave('idle');
      else timer = setTimeout(check, remaining);
    };
    const active = () => void watch.activity(clock());
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      leave('escape');
    };
    const onBlur = () => leave('blur');
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') leave('blur');
    };
    const refuseClipboard = (event: ClipboardEvent) => event.preventDefault();
    timer = setTimeout(check, watch.remaining(clock()));
    for (const type of ACTIVITY)
      window.addEventListener(type, active, { passive: true, capture: true });
    window.addEventListener('keydown', onKey);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    document.addEventListener('copy', refuseClipboard);
    document.addEventListener('cut', refuseClipboard);
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, active, { capture: true });
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
      document.removeEventListener('copy', refuseClipboard);
      document.removeEventListener('cut', refuseClipboard);
    };
  }, [idleSeconds]);
}
