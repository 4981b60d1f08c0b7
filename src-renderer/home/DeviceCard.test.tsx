import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DeviceStatus, DeviceView } from '../../shared/ipc/devices';
import { DeviceCard } from './DeviceCard';

function device(status: DeviceStatus, overrides: Partial<DeviceView> = {}): DeviceView {
  return {
    id: 'usb:7550130',
    name: 'YubiHSM 2',
    serial: 7550130,
    transport: 'usb',
    firmware: '2.4.0',
    simulated: false,
    status,
    ...overrides,
  };
}

/** The text inside the element carrying `data-testid="<id>"` (cards hold no nested test ids). */
function field(markup: string, id: string): string {
  const match = new RegExp(`data-testid="${id}"[^>]*>(.*?)</(dd|p)>`).exec(markup);
  if (!match) throw new Error(`No element with data-testid="${id}" in: ${markup}`);
  return match[1]!
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the device card', () => {
  it('shows serial, firmware, transport, used / total slots and the status in words', () => {
    const markup = renderToStaticMarkup(
      <DeviceCard device={device({ kind: 'factory-fresh', usedSlots: 1, totalSlots: 256 })} />,
    );
    expect(markup).toContain('data-testid="device-card"');
    expect(markup).toContain('data-device-id="usb:7550130"');
    expect(field(markup, 'device-serial')).toBe('7550130');
    expect(field(markup, 'device-firmware')).toBe('2.4.0');
    expect(field(markup, 'device-transport')).toBe('USB');
    expect(field(markup, 'device-slots')).toBe('1 of 256 used');
    expect(field(markup, 'device-status')).toBe(
      'Factory-fresh Only the factory authentication key is on it.',
    );
    expect(markup).toContain('data-status="factory-fresh"');
    expect(markup).not.toContain('Simulated');
  });

  it('gives each status its own badge with a label, not only a colour', () => {
    const cases: [DeviceStatus, string][] = [
      [{ kind: 'checking' }, 'Checking…'],
      [{ kind: 'factory-key-present', usedSlots: 5, totalSlots: 256 }, 'Factory key present'],
      [{ kind: 'configured' }, 'Configured'],
      [
        {
          kind: 'unreachable',
          reason: 'The device did not answer. Unplug it and plug it back in.',
        },
        'Unreachable',
      ],
    ];
    for (const [status, label] of cases) {
      const markup = renderToStaticMarkup(<DeviceCard device={device(status)} />);
      expect(markup).toContain(`data-status="${status.kind}"`);
      expect(markup).toContain(`status-badge--${status.kind}`);
      expect(field(markup, 'device-status').startsWith(label)).toBe(true);
    }
  });

  it('shows why an unreachable device is unreachable, and no slot count it cannot know', () => {
    const markup = renderToStaticMarkup(
      <DeviceCard
        device={device({
          kind: 'unreachable',
          reason: 'The device did not answer. Unplug it and plug it back in.',
        })}
      />,
    );
    expect(field(markup, 'device-status')).toBe(
      'Unreachable The device did not answer. Unplug it and plug it back in.',
    );
    expect(field(markup, 'device-slots')).toBe('Not known');
  });

  it('marks a simulated device as simulated and names its transport', () => {
    const markup = renderToStaticMarkup(
      <DeviceCard
        device={device(
          { kind: 'factory-key-present', usedSlots: 3, totalSlots: 256 },
          {
            id: 'sim:primary',
            name: 'Simulated primary',
            serial: 1000001,
            transport: 'simulator',
            simulated: true,
          },
        )}
      />,
    );
    expect(markup).toContain('Simulated primary');
    expect(markup).toContain('>Simulated</span>');
    expect(field(markup, 'device-transport')).toBe('Simulator');
    expect(field(markup, 'device-slots')).toBe('3 of 256 used');
  });
});
