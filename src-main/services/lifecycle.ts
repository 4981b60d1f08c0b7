// Main is a set of small services started in order and stopped in reverse on quit, with a
// time limit so a hung device cannot keep the app from closing (STYLE.md §2). A service gets
// its dependencies through its constructor; nothing here is global.

import type { Logger } from '../log/logger';

export interface Service {
  readonly name: string;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface RunningServices {
  /** Stops every started service in reverse order; resolves within `limitMs` whatever they do. */
  stop(limitMs?: number): Promise<void>;
}

/** Waits `ms`; injected in tests so no test waits on a real clock. */
export type Delay = (ms: number) => Promise<void>;

const realDelay: Delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export const DEFAULT_STOP_LIMIT_MS = 5_000;

/**
 * Starts `services` one after another. If one fails to start, the ones already started are
 * stopped again (reverse order) and the error is rethrown.
 */
export async function startServices(
  services: readonly Service[],
  logger: Logger,
  delay: Delay = realDelay,
): Promise<RunningServices> {
  const log = logger.child({ module: 'services' });
  const started: Service[] = [];
  let stopping: Promise<void> | undefined;

  const stop = (limitMs = DEFAULT_STOP_LIMIT_MS) => {
    stopping ??= stopInReverse(started, limitMs, log, delay);
    return stopping;
  };

  for (const service of services) {
    try {
      await service.start?.();
      started.push(service);
      log.debug('service started', { service: service.name });
    } catch (error) {
      log.error('service failed to start', { service: service.name, error });
      await stop();
      throw error;
    }
  }
  return { stop };
}

async function stopInReverse(
  started: readonly Service[],
  limitMs: number,
  log: Logger,
  delay: Delay,
): Promise<void> {
  let timedOut = false;
  const deadline = delay(limitMs).then(() => {
    timedOut = true;
  });
  const pending = new Set<string>();
  for (const service of [...started].reverse()) {
    pending.add(service.name);
    const stopping = Promise.resolve()
      .then(() => service.stop?.())
      .then(
        () => log.debug('service stopped', { service: service.name }),
        (error: unknown) => log.error('service failed to stop', { service: service.name, error }),
      )
      .finally(() => pending.delete(service.name));
    // Past the deadline every remaining service is still asked to stop, but nobody waits.
    if (!timedOut) await Promise.race([stopping, deadline]);
  }
  if (timedOut && pending.size > 0) {
    log.warn('services did not stop in time; quitting anyway', { services: [...pending], limitMs });
  }
}
