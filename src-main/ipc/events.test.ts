import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../shared/ipc/devices';
import { createLogger, memorySink } from '../log/logger';
import { createEventHub } from './events';

const DEVICE: DeviceView = {
  id: 'sim:secondary',
  name: 'Simulated secondary',
  serial: 7550002,
  transport: 'simulator',
  firmware: '2.4.0',
  simulated: true,
  status: { kind: 'checking' },
};

describe('event hub', () => {
  it('delivers contract events to every subscriber until they unsubscribe', () => {
    const hub = createEventHub(createLogger({ sinks: [] }));
    const seen: unknown[] = [];
    const off = hub.subscribe((event, payload) => seen.push([event, payload]));
    hub.emit('device/changed', [DEVICE]);
    off();
    hub.emit('device/changed', []);
    expect(seen).toEqual([['device/changed', [DEVICE]]]);
  });

  it('strips fields outside the contract and drops payloads that break it', () => {
    const sink = memorySink();
    const hub = createEventHub(createLogger({ sinks: [sink] }));
    const seen: unknown[] = [];
    hub.subscribe((_event, payload) => seen.push(payload));
    hub.emit('device/changed', [{ ...DEVICE, handle: 'native' } as DeviceView]);
    hub.emit('device/changed', [{ ...DEVICE, serial: 'x' } as unknown as DeviceView]);
    expect(seen).toEqual([[DEVICE]]);
    expect(sink.records()[0]).toMatchObject({ level: 'error', event: 'device/changed' });
  });

  it('keeps delivering when one listener throws', () => {
    const hub = createEventHub(createLogger({ sinks: [] }));
    let delivered = 0;
    hub.subscribe(() => {
      throw new Error('renderer gone');
    });
    hub.subscribe(() => {
      delivered += 1;
    });
    hub.emit('device/changed', []);
    expect(delivered).toBe(1);
  });
});
