// The shape of `window.custos`, derived from the contract so the preload, the browser bridge
// and the renderer cannot drift apart.

import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from './contract';
import { CHANNELS } from './contract';
import type { Result } from './result';

type MethodOf<C extends Channel> = (typeof CHANNELS)[C]['method'];

export type CustosApi = {
  [C in Channel as MethodOf<C>]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Method name -> channel, for the preload and the browser bridge to build `window.custos`. */
export const METHOD_TO_CHANNEL: ReadonlyMap<string, Channel> = new Map(
  (Object.keys(CHANNELS) as Channel[]).map((channel) => [CHANNELS[channel].method, channel]),
);
