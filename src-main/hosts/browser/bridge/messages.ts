// What travels over the browser host's WebSocket: the page's calls, main's answers, main's
// events. Plain JSON. Shared by the server and the bridge; pure TypeScript.

import type { Result } from '../../../../shared/ipc/result';

/** The page asks main to run one operation; `id` pairs the answer with the call. */
export interface CallMessage {
  type: 'call';
  id: number;
  channel: string;
  payload: unknown;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  result: Result<unknown>;
}

export interface EventMessage {
  type: 'event';
  event: string;
  payload: unknown;
}

export type ServerMessage = ResultMessage | EventMessage;

/** Where the page opens its socket, relative to the host's origin. */
export const SOCKET_PATH = '/__custos/socket';
/** Where the page loads the bridge from. */
export const BRIDGE_PATH = '/__custos/bridge.js';

/** Reads a call from raw socket text; null when it is not one (the socket is then closed). */
export function parseCallMessage(text: string): CallMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message.type !== 'call' || typeof message.channel !== 'string') return null;
  if (typeof message.id !== 'number' || !Number.isSafeInteger(message.id) || message.id < 0)
    return null;
  return { type: 'call', id: message.id, channel: message.channel, payload: message.payload };
}
