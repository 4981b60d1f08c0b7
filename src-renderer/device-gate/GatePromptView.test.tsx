import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FRESH, simulatedDevice, usbDevice } from '../testing/devices';
import type { DeviceRequirement, GatePrompt } from './gate';
import { GatePromptView } from './GatePromptView';

const requirement: DeviceRequirement = {
  role: 'the primary YubiHSM 2',
  serial: 7550130,
  accept: ['factory-fresh'],
};

function render(prompt: Exclude<GatePrompt, { kind: 'ready' }>, onChoose?: () => void): string {
  return renderToStaticMarkup(
    <GatePromptView prompt={prompt} requirement={requirement} onChoose={onChoose} />,
  );
}

describe('the device gate prompts', () => {
  it('asks for the chosen device by serial', () => {
    const markup = render({ kind: 'no-device', serial: 7550130 });
    expect(markup).toContain('data-prompt="no-device"');
    expect(markup).toContain('Plug in the primary YubiHSM 2, serial 7550130.');
  });

  it('names the wrong device and the serial wanted', () => {
    const markup = render({
      kind: 'wrong-device',
      serial: 7550130,
      present: [simulatedDevice('secondary', 1000002, FRESH)],
    });
    expect(markup).toContain('This is not the primary YubiHSM 2.');
    expect(markup).toContain('plug in serial 7550130');
    expect(markup).toContain('Simulated secondary, serial 1000002');
  });

  it('says the device was unplugged mid-step and what to do', () => {
    const markup = render({ kind: 'unplugged', device: usbDevice(7550130, FRESH) });
    expect(markup).toContain('The primary YubiHSM 2 (YubiHSM 2, serial 7550130) was unplugged.');
    expect(markup).toContain('Plug it back in to continue this step.');
  });

  it('shows main’s reason for an unreachable device', () => {
    const reason = 'The device did not answer. Unplug it and plug it back in.';
    const markup = render({
      kind: 'unreachable',
      device: usbDevice(7550130, { kind: 'unreachable', reason }),
      reason,
    });
    expect(markup).toContain(reason);
  });

  it('offers one button per suitable device and explains the others', () => {
    const markup = render(
      {
        kind: 'choose',
        candidates: [simulatedDevice('primary', 1000001, FRESH)],
        others: [usbDevice(7550130, { kind: 'configured' })],
      },
      () => undefined,
    );
    expect(markup.match(/data-testid="device-gate-choose"/g)).toHaveLength(1);
    expect(markup).toContain('data-device-id="sim:primary"');
    expect(markup).toContain('Use Simulated primary, serial 1000001 (simulated)');
    expect(markup).toContain('It must be factory-fresh.');
    expect(markup.replace(/<[^>]+>/g, '')).toContain(
      'YubiHSM 2, serial 7550130 — Configured. Its factory key is gone',
    );
  });

  it('says when no plugged-in device can serve, and why each cannot', () => {
    const markup = render({
      kind: 'none-suitable',
      devices: [usbDevice(7550130, { kind: 'factory-key-present', usedSlots: 4, totalSlots: 256 })],
    });
    expect(markup).toContain('No plugged-in device can be the primary YubiHSM 2.');
    expect(markup).toContain(
      'Factory key present. The factory key still opens it, but it holds other objects too.',
    );
  });
});
