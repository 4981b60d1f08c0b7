import { describe, expect, it } from 'vitest';
import { BACKUP_STEPS } from './backup-snapshot';
import { RESTORE_STEPS, ShareEntrySchema } from './restore-snapshot';
import { VERIFY_STEPS } from './verify-snapshot';
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

describe('the restore ceremony', () => {
  it('runs folder, secondary, shares, device steps, done', () => {
    expect(RESTORE_STEPS.map((step) => step.title)).toEqual([
      'Ceremony folder',
      'Secondary',
      'Shares',
      'Device steps',
      'Done',
    ]);
    expect(RESTORE_STEPS.filter((step) => step.needsDevice).map((step) => step.id)).toEqual([
      'secondary',
      'device-steps',
    ]);
  });

  it('can go back to choose another secondary before shares are typed, never after the device was changed', () => {
    const atShares = forward(RESTORE_STEPS, 2);
    expect(back(RESTORE_STEPS, atShares)).toMatchObject({
      moved: true,
      state: { current: 'secondary' },
    });
    const atFinished = forward(RESTORE_STEPS, 4);
    expect(back(RESTORE_STEPS, atFinished)).toEqual({
      moved: false,
      reason: 'locked',
      lockedBy: 'device-steps',
    });
  });

  it('takes a share as checked lines or as one text, nothing else', () => {
    expect(ShareEntrySchema.safeParse({ lines: ['3-1-u1VLTsv3279bQ'] }).success).toBe(true);
    expect(ShareEntrySchema.safeParse({ text: '3-1-…' }).success).toBe(true);
    expect(ShareEntrySchema.safeParse({ lines: [], text: 'x' }).success).toBe(false);
    expect(ShareEntrySchema.safeParse({ text: '' }).success).toBe(false);
  });
});

describe('the back-up and verify ceremonies', () => {
  it('export only after review, and cannot go back once exported', () => {
    expect(BACKUP_STEPS.map((step) => step.id)).toEqual(['source', 'primary', 'review', 'export']);
    const exported = forward(BACKUP_STEPS, 3);
    expect(exported.current).toBe('export');
  });

  it('verify: folder, devices, result', () => {
    expect(VERIFY_STEPS.map((step) => step.id)).toEqual(['source', 'devices', 'result']);
  });
});
