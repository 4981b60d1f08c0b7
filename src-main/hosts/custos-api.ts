// Builds `window.custos` from the contract, for the Electron preload and the browser bridge
// alike, so the renderer sees the same object in both hosts (DESIGN.md "Two hosts"): one named
// method per channel and `on(event, listener)` returning an unsubscribe function. There is no
// generic invoke: a channel the contract does not list has no method to reach it.
// Runs in the preload and in the page, so it imports nothing from Node or Electron.

import type { CustosApi } from '../../shared/ipc/api';
import { METHOD_TO_CHANNEL } from '../../shared/ipc/api';
import { EVENTS } from '../../shared/ipc/contract';
import type { Channel, EventName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

/** Carries one call to main and resolves with its Result (rejects only if main is gone). */
export type CallMain = (channel: Channel, payload: unknown) => Promise<Result<unknown>>;
/** Registers a listener for one event; returns the unsubscribe function. */
export type ListenToMain = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

export function buildCustosApi(call: CallMain, listen: ListenToMain): CustosApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of METHOD_TO_CHANNEL) {
    api[method] = (request: unknown) => call(channel, request);
  }
  api.on = (event: unknown, listener: unknown) => {
    if (!isEventName(event)) throw new TypeError(`custos.on: there is no event named ${String(event)}.`);
    if (typeof listener !== 'function') throw new TypeError('custos.on: the listener must be a function.');
    return listen(event, (payload) => (listener as (payload: unknown) => void)(payload));
  };
  return Object.freeze(api) as CustosApi;
}
