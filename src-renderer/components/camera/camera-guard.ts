// What turns the camera off without a click, like the guards that hide or clear a share
// (components/custodian-turn/use-turn-guard.ts): Esc, the window losing the
// focus, the page being hidden.

export interface GuardedPage {
  readonly window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  readonly document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & {
    readonly visibilityState: string;
  };
}

/** Calls `stop` on Esc, blur or the page being hidden; returns how to stop watching. */
export function watchForLeaving(
  page: GuardedPage,
  stop: (why: 'escape' | 'blur') => void,
): () => void {
  const onKey = (event: Event) => {
    if ((event as KeyboardEvent).key !== 'Escape') return;
    event.preventDefault();
    stop('escape');
  };
  const onBlur = () => stop('blur');
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') stop('blur');
  };
  page.window.addEventListener('keydown', onKey);
  page.window.addEventListener('blur', onBlur);
  page.document.addEventListener('visibilitychange', onVisibility);
  return () => {
    page.window.removeEventListener('keydown', onKey);
    page.window.removeEventListener('blur', onBlur);
    page.document.removeEventListener('visibilitychange', onVisibility);
  };
}
