import { describe, expect, it } from 'vitest';
import { AUDIT_STEPS, RESHARE_STEPS } from './audit-steps';
import { back, next, startWizard, type WizardState, type WizardTable } from './wizard';

function forward<Id extends string>(
  table: WizardTable<Id>,
  times: number,
  skipped: Id[] = [],
): WizardState<Id> {
  let state = startWizard(table, skipped);
  for (let i = 0; i < times; i++) {
    const move = next(table, state);
    if (!move.moved) throw new Error(`next refused at ${state.current}: ${move.reason}`);
    state = move.state;
  }
  return state;
}

describe('the share audit', () => {
  it('runs folder, shares, result, and touches no device', () => {
    expect(AUDIT_STEPS.map((step) => step.id)).toEqual(['source', 'shares', 'result']);
    expect(AUDIT_STEPS.some((step) => step.needsDevice)).toBe(false);
  });

  it('goes back to the folder from the shares, never back across shares entered', () => {
    expect(back(AUDIT_STEPS, forward(AUDIT_STEPS, 1))).toMatchObject({
      moved: true,
      state: { current: 'source' },
    });
    expect(back(AUDIT_STEPS, forward(AUDIT_STEPS, 2))).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'shares',
    });
    expect(next(AUDIT_STEPS, forward(AUDIT_STEPS, 2))).toEqual({
      moved: false,
      reason: 'last-step',
    });
  });
});

describe('the reshare', () => {
  it('runs folder, plan, current shares, new shares, the optional verification, done', () => {
    expect(RESHARE_STEPS.map((step) => step.id)).toEqual([
      'source',
      'plan',
      'old-shares',
      'new-shares',
      'verification',
      'finished',
    ]);
    expect(RESHARE_STEPS.some((step) => step.needsDevice)).toBe(false);
  });

  it('skips the verification round when the plan leaves it out', () => {
    expect(forward(RESHARE_STEPS, 4, ['verification']).current).toBe('finished');
    expect(forward(RESHARE_STEPS, 4).current).toBe('verification');
  });

  it('can change the plan before the current shares are in, never after new shares were shown', () => {
    expect(back(RESHARE_STEPS, forward(RESHARE_STEPS, 2))).toMatchObject({
      moved: true,
      state: { current: 'plan' },
    });
    expect(back(RESHARE_STEPS, forward(RESHARE_STEPS, 3))).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'old-shares',
    });
    expect(back(RESHARE_STEPS, forward(RESHARE_STEPS, 5))).toMatchObject({
      moved: false,
      reason: 'locked',
    });
  });
});
