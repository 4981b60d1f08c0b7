import { describe, expect, it } from 'vitest';
import {
  DKEK_BACKUP_STEPS,
  DKEK_IMPORT_STEPS,
  DKEK_RESTORE_STEPS,
  DKEK_VERIFY_STEPS,
} from './dkek-clone-steps';
import { back, next, startWizard, type WizardState, type WizardTable } from './wizard';

function forward<Id extends string>(table: WizardTable<Id>, times: number): WizardState<Id> {
  let state = startWizard(table);
  for (let i = 0; i < times; i++) {
    const move = next(table, state);
    if (!move.moved) throw new Error(`next refused at ${state.current}: ${move.reason}`);
    state = move.state;
  }
  return state;
}

describe('the DKEK back-up', () => {
  it('runs folder, primary, review, wrap; back from review to choose another primary, back from wrap until it is done', () => {
    expect(DKEK_BACKUP_STEPS.map((step) => step.id)).toEqual([
      'folder',
      'device',
      'review',
      'wrap',
    ]);
    expect(back(DKEK_BACKUP_STEPS, forward(DKEK_BACKUP_STEPS, 2))).toMatchObject({
      moved: true,
      state: { current: 'device', done: ['folder'] },
    });
    const atWrap = forward(DKEK_BACKUP_STEPS, 3);
    expect(next(DKEK_BACKUP_STEPS, atWrap)).toEqual({ moved: false, reason: 'last-step' });
    expect(back(DKEK_BACKUP_STEPS, atWrap)).toMatchObject({ moved: true });
  });
});

describe('the DKEK clone (restore)', () => {
  it('imports the shares before it unwraps, and never goes back over a changed device', () => {
    expect(DKEK_RESTORE_STEPS.map((step) => step.id)).toEqual([
      'folder',
      'device',
      'shares',
      'unwrap',
    ]);
    expect(DKEK_RESTORE_STEPS.filter((step) => step.needsDevice).map((step) => step.id)).toEqual([
      'device',
      'shares',
      'unwrap',
    ]);
    const atUnwrap = forward(DKEK_RESTORE_STEPS, 3);
    expect(back(DKEK_RESTORE_STEPS, atUnwrap)).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'shares',
    });
    expect(back(DKEK_RESTORE_STEPS, forward(DKEK_RESTORE_STEPS, 2))).toMatchObject({
      moved: true,
      state: { current: 'device' },
    });
  });
});

describe('the DKEK verification', () => {
  it('compares after the clone is chosen; the result step needs no device', () => {
    expect(DKEK_VERIFY_STEPS.map((step) => [step.id, step.needsDevice ?? false])).toEqual([
      ['folder', false],
      ['device', true],
      ['result', false],
    ]);
    expect(back(DKEK_VERIFY_STEPS, forward(DKEK_VERIFY_STEPS, 2))).toMatchObject({
      moved: true,
      state: { current: 'device' },
    });
  });
});

describe('the sequential import across sites', () => {
  it('walks the clone’s steps and rules under its own words: the device is not called a secondary', () => {
    expect(DKEK_IMPORT_STEPS.map((step) => step.id)).toEqual(DKEK_RESTORE_STEPS.map((s) => s.id));
    expect(DKEK_IMPORT_STEPS.map((step) => step.prerequisites)).toEqual(
      DKEK_RESTORE_STEPS.map((step) => step.prerequisites),
    );
    const device = DKEK_IMPORT_STEPS.find((step) => step.id === 'device')!;
    expect(device.title).toBe('Device');
    expect(device.needsDevice).toBe(true);
    expect(DKEK_IMPORT_STEPS.map((step) => step.summary).join(' ')).not.toMatch(/secondary/i);
  });
});
