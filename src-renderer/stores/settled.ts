// A named event the window raises when main has answered every intent the screen sent and the
// snapshot on screen is the one that answer settled on: `custos:settled` on `window`. End-to-end
// specs wait on it instead of polling the page (STYLE.md §19, after Signal's SignalCI events).
// It carries nothing: no step, no sentence, nothing typed.

export const SETTLED_EVENT = 'custos:settled';

export function announceSettled(): void {
  if (typeof window === 'undefined') return;
  window.dispatchEvent(new Event(SETTLED_EVENT));
}
