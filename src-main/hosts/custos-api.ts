// Builds `window.custos` for the Electron preload and the browser bridge alike, so the renderer
// sees the same object in both hosts (DESIGN.md "Two hosts"): one named method per operation
// of the contract and `on(event, listener)` returning an unsubscribe function. There is no
// generic invoke: a channel the contract does not list has no method to reach it.
// Runs in the preload and in the page, so it imports nothing at run time (types only).

import type { CustosApi } from '../../shared/ipc/api';
import type { Channel, EventName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

/** The contract's names, as main hands them over (contract-table.ts). */
export interface ContractTable {
  methods: [method: string, channel: Channel][];
  events: EventName[];
}

/** Carries one call to main and resolves with its Result (rejects only if main is gone). */
export type CallMain = (channel: Channel, payload: unknown) => Promise<Result<unknown>>;
/** Registers a listener for one event; returns the unsubscribe function. */
export type ListenToMain = (event: EventName, listener: (payload: unknown) => void) => () => void;

const NAME = /^[a-z][a-zA-Z0-9/-]{0,79}$/;

/** Reads the table main encoded (base64url JSON); throws if it is not one. */
export function decodeContractTable(encoded: string | null | undefined): ContractTable {
  if (!encoded)
    throw new Error(
      'Custos: the contract table is missing; the app was not started by a Custos host.',
    );
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  const value = JSON.parse(
    new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
  ) as Partial<ContractTable>;
  const methods = Array.isArray(value.methods) ? value.methods : [];
  const events = Array.isArray(value.events) ? value.events : [];
  const names = [...methods.flat(), ...events];
  if (methods.length === 0 || !names.every((name) => typeof name === 'string' && NAME.test(name))) {
    throw new Error('Custos: the contract table is malformed.');
  }
  return { methods, events };
}

export function buildCustosApi(
  table: ContractTable,
  call: CallMain,
  listen: ListenToMain,
): CustosApi {
  const events = new Set<string>(table.events);
  const api: Record<string, unknown> = {};
  for (const [method, channel] of table.methods) {
    api[method] = (request: unknown) => call(channel, request);
  }
  api.on = (event: unknown, listener: unknown) => {
    if (typeof event !== 'string' || !events.has(event))
      throw new TypeError(`custos.on: there is no event named ${String(event)}.`);
    if (typeof listener !== 'function')
      throw new TypeError('custos.on: the listener must be a function.');
    return listen(event as EventName, (payload) =>
      (listener as (payload: unknown) => void)(payload),
    );
  };
  return Object.freeze(api) as CustosApi;
}
