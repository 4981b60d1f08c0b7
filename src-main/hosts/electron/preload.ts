// The Electron preload (bundled to one CJS file: a sandboxed preload cannot require modules).
// It exposes `window.custos` through the context bridge: one named method per operation of the
// contract plus `on(event, listener)`. It validates nothing itself (main does, STYLE.md §5)
// and hands the page no ipcRenderer and no generic invoke.

import { contextBridge, ipcRenderer } from 'electron';
import type { EventName } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { buildCustosApi, decodeContractTable } from '../custos-api';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';
import { CONTRACT_ARGUMENT } from './window-options';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error('custos: an event listener failed', error);
    }
  }
});

// Main passes the contract's names as an argument (window-options.ts); the sandboxed preload
// can read process.argv but cannot load the contract's schemas.
const table = decodeContractTable(
  process.argv.find((arg) => arg.startsWith(CONTRACT_ARGUMENT))?.slice(CONTRACT_ARGUMENT.length),
);

const api = buildCustosApi(
  table,
  (channel, payload) =>
    ipcRenderer.invoke(CALL_CHANNEL, channel, payload) as Promise<Result<unknown>>,
  (event, listener) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  },
);

contextBridge.exposeInMainWorld('custos', api);
