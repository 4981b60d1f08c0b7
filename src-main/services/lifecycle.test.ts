import { describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../log/logger';
import { startServices } from './lifecycle';
import type { Delay, Service } from './lifecycle';

function recorder() {
  const events: string[] = [];
  const service = (name: string, extra: Partial<Service> = {}): Service => ({
    name,
    start: async () => void events.push(`start ${name}`),
    stop: async () => void events.push(`stop ${name}`),
    ...extra,
  });
  return { events, service };
}

/** A delay that only elapses when the test says so. */
function manualDelay(): { delay: Delay; elapse(): void } {
  let fire: () => void = () => undefined;
  return {
    delay: () =>
      new Promise<void>((resolve) => {
        fire = resolve;
      }),
    elapse: () => fire(),
  };
}

const quiet = () => createLogger({ sinks: [] });

describe('service lifecycle', () => {
  it('starts in order and stops in reverse order, once', async () => {
    const { events, service } = recorder();
    const running = await startServices(
      [service('logs'), service('devices'), service('host')],
      quiet(),
    );
    await Promise.all([running.stop(), running.stop()]);
    expect(events).toEqual([
      'start logs',
      'start devices',
      'start host',
      'stop host',
      'stop devices',
      'stop logs',
    ]);
  });

  it('stops what already started when a later service fails to start', async () => {
    const { events, service } = recorder();
    const failing = service('host', {
      start: async () => {
        throw new Error('port in use');
      },
    });
    await expect(
      startServices([service('logs'), service('devices'), failing, service('never')], quiet()),
    ).rejects.toThrow('port in use');
    expect(events).toEqual(['start logs', 'start devices', 'stop devices', 'stop logs']);
  });

  it('gives up waiting on a service that hangs once the time limit passes, still asking the rest to stop', async () => {
    const { events, service } = recorder();
    const sink = memorySink();
    const clock = manualDelay();
    const hung = service('devices', {
      stop: () => new Promise<void>(() => events.push('stop devices (hangs)')),
    });
    const running = await startServices(
      [service('logs'), hung, service('host')],
      createLogger({ sinks: [sink] }),
      clock.delay,
    );
    const stopped = running.stop(1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.slice(-2)).toEqual(['stop host', 'stop devices (hangs)']);
    clock.elapse();
    await stopped;
    expect(events.at(-1)).toBe('stop logs');
    expect(sink.records()).toContainEqual(
      expect.objectContaining({
        msg: 'services did not stop in time; quitting anyway',
        services: expect.arrayContaining(['devices']),
      }),
    );
  });

  it('keeps stopping the others when one stop fails', async () => {
    const { events, service } = recorder();
    const broken = service('devices', {
      stop: async () => {
        throw new Error('usb gone');
      },
    });
    const running = await startServices([service('logs'), broken, service('host')], quiet());
    await running.stop();
    expect(events).toEqual(['start logs', 'start devices', 'start host', 'stop host', 'stop logs']);
  });
});
