import { describe, expect, it } from 'vitest';
import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import { cancelWarning, canGoBack, forwardAction } from './frame-actions';

const ceremony = {
  folder: '/ceremonies/payments',
  name: 'Payments',
  primarySerial: 7550001,
  kcv: 'ABC123',
  wrapKeyId: 2,
  threshold: 2,
  custodians: [
    { index: 1, name: 'Ada' },
    { index: 2, name: 'Grace' },
  ],
  resuming: false,
};

function snapshot(view: RotationSnapshot['view'], more: Partial<RotationSnapshot> = {}) {
  return {
    ceremonyId: 'c',
    rehearsal: true,
    steps: { current: view.step, done: [], skipped: [] },
    ceremony,
    view,
    ...more,
  } satisfies RotationSnapshot;
}

const authorize = {
  step: 'authorize' as const,
  set: 'current' as const,
  phase: 'handover' as const,
  threshold: 2,
  waiting: ceremony.custodians,
  accepted: [],
  setProblems: [],
};

describe('the rotation frame', () => {
  it('goes on from the folder only once the rotation key is given', () => {
    const source = { step: 'source' as const, rotationKeyGiven: false, auditKeyGiven: false };
    expect(forwardAction(snapshot(source, { ceremony: undefined }), true)?.blocked).toBe(
      'Choose the ceremony folder first.',
    );
    expect(forwardAction(snapshot(source), true)?.blocked).toMatch(/Give the password/);
    expect(forwardAction(snapshot({ ...source, rotationKeyGiven: true }), true)).toEqual({
      intent: 'to-shares',
      label: 'Go on to the current shares',
      blocked: null,
    });
  });

  it('makes the new key once the set is rebuilt and the primary is here; resuming goes to the devices', () => {
    expect(forwardAction(snapshot(authorize), true)).toBeNull();
    const rebuilt = { ...authorize, phase: 'recombined' as const, accepted: [1, 2], kcv: 'ABC123' };
    expect(forwardAction(snapshot(rebuilt), false)?.blocked).toBe(
      'Plug in the primary (serial 7550001): the new wrap key’s random half comes from it.',
    );
    expect(forwardAction(snapshot(rebuilt), true)).toMatchObject({
      intent: 'make-new-shares',
      blocked: null,
    });
    expect(forwardAction(snapshot({ ...rebuilt, set: 'new' }), false)).toMatchObject({
      intent: 'resume-devices',
      blocked: null,
    });
  });

  it('goes back only before a share is in, and says what cancelling leaves at the devices', () => {
    expect(canGoBack(snapshot(authorize))).toBe(true);
    expect(canGoBack(snapshot({ ...authorize, accepted: [1] }))).toBe(false);
    const devices = snapshot({
      step: 'devices',
      newKcv: 'DEF456',
      backupFolder: 'wrap-key-DEF456',
      canRetry: false,
      said: [],
      devices: [
        { role: 'primary', serial: 1, stage: 'new-key', exported: true, next: 'done' },
        { role: 'secondary', serial: 2, stage: 'old-key', exported: false, next: 'put-new-key' },
      ],
    });
    expect(cancelWarning(devices)).toMatch(
      /^The rotation stays in progress in the record: the secondary \(serial 2\) still holds the old wrap key\./,
    );
    expect(cancelWarning(snapshot(devices.view, { busy: 'Rotating' }))).toBeNull();
  });
});
