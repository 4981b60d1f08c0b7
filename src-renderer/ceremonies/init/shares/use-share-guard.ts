// While a share is on screen: hide it after the plan's idle period, when the window loses focus
// or is hidden, and on Esc; tell main the custodian is still there when they move or type; keep
// it off the clipboard.

import { useEffect, useRef } from 'react';
import type { HideReason } from '../intents';
import { IdleWatch } from './idle-watch';
import type { ShareGuardCompanion } from './sheet-window';

export interface ShareGuardOptions {
  readonly hideSeconds: number;
  readonly onHide: (reason: HideReason) => void;
  readonly onStillHere: () => void;
  /** Tests and benchmarks only; the page uses performance.now. */
  readonly now?: () => number;
  /** The custodian's sheet window or print dialog: it may take the focus, and activity in it counts. */
  readonly companion?: ShareGuardCompanion;
}

const ACTIVITY = ['pointermove', 'pointerdown', 'wheel', 'touchstart'] as const;

export function useShareGuard({
  hideSeconds,
  onHide,
  onStillHere,
  now = () => performance.now(),
  companion,
}: ShareGuardOptions): void {
  // The latest callbacks, without restarting the idle period each render.
  const callbacks = useRef({ onHide, onStillHere, now, companion });
  useEffect(() => {
    callbacks.current = { onHide, onStillHere, now, companion };
  });

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
    const check = () => {
      const left = watch.remaining(clock());
      if (left <= 0) hide('idle');
      else timer = setTimeout(check, left);
    };
    const active = () => {
      if (watch.activity(clock())) callbacks.current.onStillHere();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        hide('escape');
      } else {
        active();
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
    timer = setTimeout(check, watch.remaining(clock()));
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
    };
  }, [hideSeconds]);
}
