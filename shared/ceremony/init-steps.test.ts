import { describe, expect, it } from 'vitest';
import { CEREMONIES } from './catalog';
import { INIT_STEPS } from './init-steps';
import type { WizardState } from './wizard';
import { back, next, startWizard } from './wizard';
import type { InitStepId } from './init-steps';

function forward(state: WizardState<InitStepId>, times: number): WizardState<InitStepId> {
  let current = state;
  for (let i = 0; i < times; i++) {
    const move = next(INIT_STEPS, current);
    if (!move.moved) throw new Error(`next refused at ${current.current}: ${move.reason}`);
    current = move.state;
  }
  return current;
}

describe('the initialization ceremony', () => {
  it('runs Preflight, Plan, Review, Shares, Verification round, Device steps, Record', () => {
    expect(INIT_STEPS.map((step) => step.title)).toEqual([
      'Preflight',
      'Plan',
      'Review',
      'Shares',
      'Verification round',
      'Device steps',
      'Record',
    ]);
  });

  it('needs a device at Preflight and Device steps only', () => {
    expect(INIT_STEPS.filter((step) => step.needsDevice).map((step) => step.id)).toEqual([
      'preflight',
      'device-steps',
    ]);
  });

  it('lets the plan leave out the verification round and still reach Record', () => {
    const end = forward(startWizard(INIT_STEPS, ['verification']), 5);
    expect(end.current).toBe('record');
    expect(end.done).toEqual(['preflight', 'plan', 'review', 'shares', 'device-steps']);
  });

  it('allows going back to change the plan until shares are dealt, and never after', () => {
    const atShares = forward(startWizard(INIT_STEPS), 3);
    expect(atShares.current).toBe('shares');
    expect(back(INIT_STEPS, atShares)).toMatchObject({ moved: true, state: { current: 'review' } });
    const atVerification = forward(atShares, 1);
    expect(back(INIT_STEPS, atVerification)).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'shares',
    });
  });

  it('cannot go back once the device has been changed', () => {
    const atRecord = forward(startWizard(INIT_STEPS), 6);
    expect(atRecord.current).toBe('record');
    expect(back(INIT_STEPS, atRecord)).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'device-steps',
    });
  });
});

describe('the ceremony catalog', () => {
  it('lists the thirteen ceremonies, every one but the share sheets available', () => {
    expect(CEREMONIES.map((entry) => entry.id)).toEqual([
      'init',
      'print',
      'dump',
      'restore',
      'verify',
      'rotate',
      'share-audit',
      'reshare',
      'dkek-init',
      'dkek-backup',
      'dkek-restore',
      'dkek-import',
      'dkek-verify',
    ]);
    expect(CEREMONIES.filter((entry) => entry.available).map((entry) => entry.id)).toEqual([
      'init',
      'dump',
      'restore',
      'verify',
      'rotate',
      'share-audit',
      'reshare',
      'dkek-init',
      'dkek-backup',
      'dkek-restore',
      'dkek-import',
      'dkek-verify',
    ]);
  });
});
