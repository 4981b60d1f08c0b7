import { describe, expect, it } from 'vitest';
import { DKEK_INIT_STEPS, type DkekInitStepId } from './dkek-init-steps';
import { back, next, startWizard, type WizardState } from './wizard';

function forward(state: WizardState<DkekInitStepId>, times: number): WizardState<DkekInitStepId> {
  let current = state;
  for (let i = 0; i < times; i += 1) {
    const move = next(DKEK_INIT_STEPS, current);
    if (!move.moved) throw new Error(`next refused at ${current.current}: ${move.reason}`);
    current = move.state;
  }
  return current;
}

describe('the DKEK initialisation steps', () => {
  it('makes the share files before the device steps, and only those talk to the device', () => {
    expect(DKEK_INIT_STEPS.map((step) => step.id)).toEqual([
      'preflight',
      'plan',
      'shares',
      'device',
      'record',
    ]);
    expect(DKEK_INIT_STEPS.filter((step) => step.needsDevice).map((step) => step.id)).toEqual([
      'preflight',
      'device',
    ]);
  });

  it('goes from the plan straight to the device when the mode has no shares', () => {
    const atDevice = forward(startWizard(DKEK_INIT_STEPS, ['shares']), 2);
    expect(atDevice.current).toBe('device');
    expect(atDevice.skipped).toEqual(['shares']);
  });

  it('never goes back across shown shares or a changed device', () => {
    const atDevice = forward(startWizard(DKEK_INIT_STEPS), 3);
    expect(atDevice.current).toBe('device');
    const move = back(DKEK_INIT_STEPS, atDevice);
    expect(move.moved).toBe(false);
    expect(!move.moved && move.reason).toBe('locked');
    const atPlan = forward(startWizard(DKEK_INIT_STEPS), 1);
    const backToPreflight = back(DKEK_INIT_STEPS, atPlan);
    expect(backToPreflight.moved && backToPreflight.state.current).toBe('preflight');
  });
});
