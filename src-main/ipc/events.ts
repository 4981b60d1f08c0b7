// Events main pushes to the renderer (`device/changed`, later ceremony snapshots). Services
// emit here; each host subscribes once and forwards to its window or sockets. Payloads are
// parsed with the contract's schema on the way out, so what leaves main is exactly what the
// contract names.

import { EVENTS } from '../../shared/ipc/contract';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Logger } from '../log/logger';

export type EventListener = (event: EventName, payload: unknown) => void;

export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(logger: Logger): EventHub {
  const log = logger.child({ module: 'events' });
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      const parsed = EVENTS[event].safeParse(payload);
      if (!parsed.success) {
        log.error('event dropped: payload outside the contract', {
          event,
          issues: parsed.error.issues.length,
        });
        return;
      }
      for (const listener of [...listeners]) {
        try {
          listener(event, parsed.data);
        } catch (error) {
          log.error('event listener failed', { event, error });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
