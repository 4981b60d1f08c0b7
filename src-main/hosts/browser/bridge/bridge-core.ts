// `window.custos` over the browser host's WebSocket. The page gets exactly the object the
// Electron preload gives it (built by the same buildCustosApi); only the carrier differs.
// Runs in the page: DOM types only, no Node.

import type { CustosApi } from '../../../../shared/ipc/api';
import type { EventName } from '../../../../shared/ipc/contract';
import type { Result } from '../../../../shared/ipc/result';
import { buildCustosApi } from '../../custos-api';
import type { ContractTable } from '../../custos-api';
import type { ServerMessage } from './messages';

/** The part of a WebSocket the bridge uses; the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1;

export const CONNECTION_LOST =
  'The connection to Custos was lost. Close this window and start Custos again.';

/**
 * `onLost`: the socket closed (Custos stopped, or the connection dropped); the page says so at
 * once instead of waiting for its next call to fail.
 */
export function connectCustos(
  socket: SocketLike,
  table: ContractTable,
  onLost: () => void = () => undefined,
): CustosApi {
  const pending = new Map<
    number,
    { resolve: (result: Result<unknown>) => void; reject: (error: Error) => void }
  >();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const queued: string[] = [];
  let nextId = 1;
  let closed = false;

  socket.addEventListener('open', () => {
    for (const text of queued.splice(0)) socket.send(text);
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const call of pending.values()) call.reject(new Error(CONNECTION_LOST));
    pending.clear();
    onLost();
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(event.data) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === 'result') {
      pending.get(message.id)?.resolve(message.result);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.event as EventName) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error('custos: an event listener failed', error);
        }
      }
    }
  });

  return buildCustosApi(
    table,
    (channel, payload) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new Error(CONNECTION_LOST));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const text = JSON.stringify({ type: 'call', id, channel, payload });
        if (socket.readyState === OPEN) socket.send(text);
        else queued.push(text);
      }),
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  );
}
