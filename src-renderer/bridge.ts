// The only way the renderer reaches main: `window.custos`, defined by the Electron preload or
// by the browser host's bridge before this bundle runs (shared/ipc/api.ts types it).

import type { CustosApi } from '../shared/ipc/api';

/** `window.custos`, or null when the page was opened outside a Custos host. */
export function findCustos(): CustosApi | null {
  return (window as unknown as { custos?: CustosApi }).custos ?? null;
}

/** A sentence for a call that threw instead of answering (the bridge lost its connection). */
export function unansweredCall(what: string): string {
  return `Custos asked the main process for ${what} and got no answer. Close this window and start Custos again.`;
}
