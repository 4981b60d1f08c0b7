// While a share is on screen: hide it after the plan's idle period, when the window loses focus
// or is hidden, and on Esc; tell main the custodian is still there when they move or type; keep
// it off the clipboard. For the last seconds of the period a countdown is shown (someone copying
// a share by hand touches neither mouse nor keyboard): "I am still here", or any activity then,
// extends it by a full period, and main writes each extension to the transcript.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { HideReason } from '../intents';
import { IdleWatch } from './idle-watch';
import type { ShareGuardCompanion } from './sheet-window';

export interface ShareGuardOptions {
  readonly hideSeconds: number;
  readonly onHide: (reason: HideReason) => void;
  readonly onStillHere: () => void;
  /** The custodian extended the period from the countdown (main records it). */
  readonly onExtend: () => void;
  /** Tests and benchmarks only; the page uses performance.now. */
  readonly now?: () => number;
  /** The custodian's sheet window or print dialog: it may take the focus, and activity in it counts. */
  readonly companion?: ShareGuardCompanion;
}

const ACTIVITY = ['pointermove', 'pointerdown', 'wheel', 'touchstart'] as const;

/** How long before the share hides the countdown shows: a third of the period, 5 to 20 s. */
export function countdownSeconds(hideSeconds: number): number {
  return Math.min(20, Math.max(5, Math.floor(hideSeconds / 3)));
}

export interface ShareGuard {
  /** Whole seconds until the share hides, during the countdown; null before it. */
  readonly secondsLeft: number | null;
  /** "I am still here": another full period, recorded. */
  readonly stillHere: () => void;
}

export function useShareGuard({
  hideSeconds,
  onHide,
  onStillHere,
  onExtend,
  now = () => performance.now(),
  companion,
}: ShareGuardOptions): ShareGuard {
  // The latest callbacks, without restarting the idle period each render.
  const callbacks = useRef({ onHide, onStillHere, onExtend, now, companion });
  useEffect(() => {
    callbacks.current = { onHide, onStillHere, onExtend, now, companion };
  });
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const extendNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    const clock = () => callbacks.current.now();
    const watch = new IdleWatch({ hideAfterMs: hideSeconds * 1000 }, clock());
    let hidden = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hide = (reason: HideReason) => {
      if (hidden) return;
      hidden = true;
      callbacks.current.onHide(reason);
    };
    const warnMs = countdownSeconds(hideSeconds) * 1000;
    let counting = false;
    const check = () => {
      clearTimeout(timer);
      const left = watch.remaining(clock());
      if (left <= 0) return hide('idle');
      counting = left <= warnMs;
      setSecondsLeft(counting ? Math.ceil(left / 1000) : null);
      // During the countdown, tick on each whole second; before it, sleep until it starts.
      timer = setTimeout(
        check,
        counting ? left - (Math.ceil(left / 1000) - 1) * 1000 : left - warnMs,
      );
    };
    const extend = () => {
      if (hidden) return;
      watch.extend(clock());
      callbacks.current.onExtend();
      check();
    };
    extendNow.current = extend;
    // During the countdown only a deliberate act (a press, a key) keeps the share up, and it
    // is an extension: a mouse drifting on its way to "I am still here" would make the button
    // vanish under it.
    const active = (event?: Event) => {
      if (counting) {
        if (event?.type === 'pointermove' || event?.type === 'wheel') return;
        return extend();
      }
      if (watch.activity(clock())) callbacks.current.onStillHere();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        hide('escape');
      } else {
        active(event);
      }
    };
    // Focus going to the sheet's own window is not leaving; the companion watches that window.
    const onBlur = () => {
      if (!callbacks.current.companion?.holdsFocus()) hide('blur');
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') hide('blur');
    };
    // Nothing on a screen showing a share is for the clipboard.
    const refuseClipboard = (event: ClipboardEvent) => event.preventDefault();
    check();
    const stopCompanion = callbacks.current.companion?.onActivity(active);
    for (const type of ACTIVITY) window.addEventListener(type, active, { passive: true });
    window.addEventListener('keydown', onKey);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    document.addEventListener('copy', refuseClipboard);
    document.addEventListener('cut', refuseClipboard);
    return () => {
      clearTimeout(timer);
      stopCompanion?.();
      for (const type of ACTIVITY) window.removeEventListener(type, active);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
      document.removeEventListener('copy', refuseClipboard);
      document.removeEventListener('cut', refuseClipboard);
      extendNow.current = () => undefined;
    };
  }, [hideSeconds]);
  const stillHere = useCallback(() => extendNow.current(), []);
  return { secondsLeft, stillHere };
}
