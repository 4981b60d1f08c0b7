import { describe, expect, it } from 'vitest';
import {
  afterDeviceTask,
  nextDeviceTask,
  rotationComplete,
  ROTATION_STEPS,
  stillHoldingOldKey,
  whyNotNow,
  type RotationDeviceProgress,
} from './rotation-steps';
import { back, next, startWizard, type WizardState } from './wizard';
import type { RotationStepId } from './rotation-steps';

function forward(times: number): WizardState<RotationStepId> {
  let state = startWizard(ROTATION_STEPS);
  for (let i = 0; i < times; i++) {
    const move = next(ROTATION_STEPS, state);
    if (!move.moved) throw new Error(`next refused at ${state.current}: ${move.reason}`);
    state = move.state;
  }
  return state;
}

const primary: RotationDeviceProgress = { role: 'primary', serial: 1, stage: 'old-key' };
const secondary: RotationDeviceProgress = { role: 'secondary', serial: 2, stage: 'old-key' };

describe('the rotation ceremony', () => {
  it('runs folder, current shares, new shares, devices, done; only the devices step needs one', () => {
    expect(ROTATION_STEPS.map((s) => s.id)).toEqual([
      'source',
      'authorize',
      'new-shares',
      'devices',
      'finished',
    ]);
    expect(ROTATION_STEPS.filter((s) => s.needsDevice).map((s) => s.id)).toEqual(['devices']);
  });

  it('goes back from the current shares to the folder, never back over shares or devices', () => {
    expect(back(ROTATION_STEPS, forward(1))).toMatchObject({
      moved: true,
      state: { current: 'source' },
    });
    expect(back(ROTATION_STEPS, forward(2))).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'authorize',
    });
    expect(back(ROTATION_STEPS, forward(4))).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'devices',
    });
    expect(next(ROTATION_STEPS, forward(4))).toEqual({ moved: false, reason: 'last-step' });
  });
});

describe("one device's tasks", () => {
  it('primary: put the new key, export under it, then delete the old key', () => {
    const tasks: string[] = [];
    let device = primary;
    for (let task = nextDeviceTask(device); task !== 'done'; task = nextDeviceTask(device)) {
      tasks.push(task);
      device = afterDeviceTask(device, task);
    }
    expect(tasks).toEqual(['put-new-key', 'export', 'delete-old-key']);
    expect(device).toMatchObject({ stage: 'new-key', exported: true });
  });

  it('secondary: put the new key, then delete the old one; nothing to export', () => {
    const tasks: string[] = [];
    let device = secondary;
    for (let task = nextDeviceTask(device); task !== 'done'; task = nextDeviceTask(device)) {
      tasks.push(task);
      device = afterDeviceTask(device, task);
    }
    expect(tasks).toEqual(['put-new-key', 'delete-old-key']);
  });

  it('resumes where a device stopped', () => {
    expect(nextDeviceTask({ ...primary, stage: 'both-keys' })).toBe('export');
    expect(nextDeviceTask({ ...primary, stage: 'both-keys', exported: true })).toBe(
      'delete-old-key',
    );
    expect(nextDeviceTask({ ...secondary, stage: 'both-keys' })).toBe('delete-old-key');
    expect(afterDeviceTask({ ...secondary, stage: 'new-key' }, 'done').stage).toBe('new-key');
  });

  it('takes the primary first, refuses a stranger and a device already done', () => {
    const devices = [primary, secondary];
    expect(whyNotNow(devices, 2)).toMatch(/the primary \(serial 1\) goes first/);
    expect(whyNotNow(devices, 1)).toBeUndefined();
    expect(whyNotNow(devices, 9)).toBe('serial 9 is not a device of this ceremony');
    const exported = [{ ...primary, stage: 'both-keys' as const, exported: true }, secondary];
    expect(whyNotNow(exported, 2)).toBeUndefined();
    expect(whyNotNow([{ ...primary, stage: 'new-key' }], 1)).toMatch(/already holds only/);
  });

  it('says which devices still hold the old key, and completes when none does', () => {
    const done = { ...primary, stage: 'new-key' as const, exported: true };
    expect(stillHoldingOldKey([done, secondary]).map((d) => d.serial)).toEqual([2]);
    expect(rotationComplete([done, secondary])).toBe(false);
    expect(rotationComplete([done, { ...secondary, stage: 'new-key' }])).toBe(true);
    expect(rotationComplete([])).toBe(false);
  });
});
