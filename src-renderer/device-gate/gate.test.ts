import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../shared/ipc/devices';
import type { DeviceRequirement, GateMemory } from './gate';
import { FRESH_GATE, gatePrompt, remember } from './gate';

function device(serial: number, status: DeviceView['status'], simulated = false): DeviceView {
  return {
    id: simulated ? `sim:${serial}` : `usb:${serial}`,
    name: simulated ? 'Simulated YubiHSM 2' : 'YubiHSM 2',
    serial,
    transport: simulated ? 'simulator' : 'usb',
    firmware: '2.4.0',
    simulated,
    status,
  };
}

const fresh = (serial: number) =>
  device(serial, { kind: 'factory-fresh', usedSlots: 1, totalSlots: 256 });
const choosing: DeviceRequirement = {
  role: 'the primary YubiHSM 2',
  serial: null,
  accept: ['factory-fresh'],
};
const chosen = (serial: number): DeviceRequirement => ({ ...choosing, serial });

/** Feeds successive device lists to the gate the way renders would, returning each prompt. */
function replay(requirement: DeviceRequirement, lists: DeviceView[][]) {
  let memory: GateMemory = FRESH_GATE;
  return lists.map((devices) => {
    memory = remember(memory, requirement, devices);
    return gatePrompt(memory, requirement, devices);
  });
}

describe('the device gate before a device is chosen', () => {
  it('asks for a device when none is plugged in', () => {
    expect(gatePrompt(FRESH_GATE, choosing, [])).toEqual({ kind: 'no-device', serial: null });
  });

  it('offers the suitable devices to choose from and lists the others with them', () => {
    const configured = device(2, { kind: 'configured' });
    expect(gatePrompt(FRESH_GATE, choosing, [configured, fresh(1)])).toEqual({
      kind: 'choose',
      candidates: [fresh(1)],
      others: [configured],
    });
  });

  it('asks the person to choose even when one device is suitable: the ceremony device is confirmed, not guessed', () => {
    expect(gatePrompt(FRESH_GATE, choosing, [fresh(1)])).toMatchObject({
      kind: 'choose',
      candidates: [fresh(1)],
    });
  });

  it('waits while the only devices are still being checked', () => {
    const checking = device(3, { kind: 'checking' });
    expect(gatePrompt(FRESH_GATE, choosing, [checking, device(4, { kind: 'configured' })])).toEqual(
      {
        kind: 'checking',
        devices: [checking],
      },
    );
  });

  it('says no device is suitable when none has an accepted status', () => {
    const used = device(5, { kind: 'factory-key-present', usedSlots: 4, totalSlots: 256 });
    expect(gatePrompt(FRESH_GATE, choosing, [used])).toEqual({
      kind: 'none-suitable',
      devices: [used],
    });
  });
});

describe('the device gate once the ceremony has chosen a serial', () => {
  it('lets the step run with the chosen device, whatever the ceremony has done to its status', () => {
    const configured = device(1, { kind: 'configured' });
    expect(gatePrompt(FRESH_GATE, chosen(1), [configured])).toEqual({
      kind: 'ready',
      device: configured,
    });
  });

  it('asks for the chosen device by serial when nothing is plugged in', () => {
    expect(gatePrompt(FRESH_GATE, chosen(1), [])).toEqual({ kind: 'no-device', serial: 1 });
  });

  it('names the wrong device when another one is plugged in instead', () => {
    expect(gatePrompt(FRESH_GATE, chosen(1), [fresh(9)])).toEqual({
      kind: 'wrong-device',
      serial: 1,
      present: [fresh(9)],
    });
  });

  it('reports the chosen device unreachable with main’s reason', () => {
    const broken = device(1, {
      kind: 'unreachable',
      reason: 'The device did not answer within 5 seconds.',
    });
    expect(gatePrompt(FRESH_GATE, chosen(1), [broken])).toEqual({
      kind: 'unreachable',
      device: broken,
      reason: 'The device did not answer within 5 seconds.',
    });
  });

  it('says the device was unplugged mid-step, even if another device is plugged in, and recovers when it returns', () => {
    const prompts = replay(chosen(1), [[fresh(1)], [], [fresh(9)], [fresh(9), fresh(1)]]);
    expect(prompts.map((prompt) => prompt.kind)).toEqual([
      'ready',
      'unplugged',
      'unplugged',
      'ready',
    ]);
    expect(prompts[1]).toEqual({ kind: 'unplugged', device: fresh(1) });
  });

  it('forgets what it saw when the step asks for a different serial', () => {
    let memory = remember(FRESH_GATE, chosen(1), [fresh(1)]);
    memory = remember(memory, chosen(1), []);
    expect(gatePrompt(memory, chosen(1), [])).toMatchObject({ kind: 'unplugged' });
    expect(gatePrompt(memory, chosen(2), [])).toEqual({ kind: 'no-device', serial: 2 });
  });

  it('keeps the same memory object when nothing new was seen, so storing it does not re-render', () => {
    const memory = remember(FRESH_GATE, chosen(1), [fresh(9)]);
    expect(remember(memory, chosen(1), [fresh(9)])).toBe(memory);
    const seen = remember(memory, chosen(1), [fresh(1)]);
    const devices = [seen.seen!];
    expect(remember(seen, chosen(1), devices)).toBe(seen);
  });
});
