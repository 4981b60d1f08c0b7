import { describe, expect, it } from 'vitest';
import type { WizardState } from './wizard';
import {
  again,
  back,
  defineSteps,
  missingPrerequisites,
  next,
  position,
  setSkipped,
  startWizard,
  stepStatuses,
} from './wizard';

type Id = 'a' | 'b' | 'c' | 'd';

// A small ceremony: b is locked once done (like dealing shares), c is optional.
const TABLE = defineSteps<Id>([
  { id: 'a', title: 'A', summary: 'first', prerequisites: [] },
  { id: 'b', title: 'B', summary: 'second', prerequisites: ['a'], lockedOnceDone: true },
  { id: 'c', title: 'C', summary: 'third', prerequisites: ['b'], optional: true },
  { id: 'd', title: 'D', summary: 'last', prerequisites: ['b', 'c'] },
]);

function walk(state: WizardState<Id>, moves: ('next' | 'back')[]): WizardState<Id> {
  return moves.reduce((current, move) => {
    const result = move === 'next' ? next(TABLE, current) : back(TABLE, current);
    if (!result.moved) throw new Error(`${move} from ${current.current} refused: ${result.reason}`);
    return result.state;
  }, state);
}

describe('defineSteps', () => {
  it('refuses a table whose step needs a later or unknown step', () => {
    expect(() =>
      defineSteps<'x' | 'y'>([
        { id: 'x', title: 'X', summary: '', prerequisites: ['y'] },
        { id: 'y', title: 'Y', summary: '', prerequisites: [] },
      ]),
    ).toThrow(/needs "y", which is not an earlier step/);
  });

  it('refuses duplicate ids, an empty table and an optional first step', () => {
    expect(() =>
      defineSteps<'x'>([
        { id: 'x', title: 'X', summary: '', prerequisites: [] },
        { id: 'x', title: 'X again', summary: '', prerequisites: [] },
      ]),
    ).toThrow(/appears twice/);
    expect(() => defineSteps([])).toThrow(/at least one step/);
    expect(() =>
      defineSteps<'x'>([{ id: 'x', title: 'X', summary: '', prerequisites: [], optional: true }]),
    ).toThrow(/first step/);
  });
});

describe('next', () => {
  it('walks every step in order, marking each done, and stops at the last', () => {
    const end = walk(startWizard(TABLE), ['next', 'next', 'next']);
    expect(end).toEqual({ current: 'd', done: ['a', 'b', 'c'], skipped: [] });
    expect(next(TABLE, end)).toEqual({ moved: false, reason: 'last-step' });
  });

  it('passes over an optional step the plan leaves out, and the step after it may still be entered', () => {
    const end = walk(startWizard(TABLE, ['c']), ['next', 'next']);
    expect(end.current).toBe('d');
    expect(end.done).toEqual(['a', 'b']);
    expect(missingPrerequisites(TABLE, end, 'd')).toEqual([]);
  });

  it('refuses to enter a step whose prerequisite is neither done nor left out', () => {
    // A state as a restored snapshot might carry it: "b" was never completed, so "d" cannot start.
    expect(next(TABLE, { current: 'c', done: ['a'], skipped: [] })).toEqual({
      moved: false,
      reason: 'missing-prerequisites',
      missing: ['b'],
    });
  });
});

describe('back', () => {
  it('refuses on the first step', () => {
    expect(back(TABLE, startWizard(TABLE))).toEqual({ moved: false, reason: 'first-step' });
  });

  it('returns to the previous step and un-does it and everything after it', () => {
    const atB = walk(startWizard(TABLE), ['next']);
    const result = back(TABLE, atB);
    expect(result).toEqual({ moved: true, state: { current: 'a', done: [], skipped: [] } });
  });

  it('never crosses a step that is locked once done, however far along the ceremony is', () => {
    const atC = walk(startWizard(TABLE), ['next', 'next']);
    expect(back(TABLE, atC)).toEqual({ moved: false, reason: 'locked', lockedBy: 'b' });
    const atD = walk(atC, ['next']);
    // Back from d to c is allowed: c is after the lock.
    expect(back(TABLE, atD)).toMatchObject({
      moved: true,
      state: { current: 'c', done: ['a', 'b'] },
    });
    // With c left out, the step before d is the locked b itself.
    const atDWithoutC = walk(startWizard(TABLE, ['c']), ['next', 'next']);
    expect(back(TABLE, atDWithoutC)).toEqual({ moved: false, reason: 'locked', lockedBy: 'b' });
  });

  it('goes back over a left-out optional step to the one before it', () => {
    const table = defineSteps<Id>([
      { id: 'a', title: 'A', summary: '', prerequisites: [] },
      { id: 'b', title: 'B', summary: '', prerequisites: ['a'] },
      { id: 'c', title: 'C', summary: '', prerequisites: ['b'], optional: true },
      { id: 'd', title: 'D', summary: '', prerequisites: ['b'] },
    ]);
    const atD: WizardState<Id> = { current: 'd', done: ['a', 'b'], skipped: ['c'] };
    expect(back(table, atD)).toEqual({
      moved: true,
      state: { current: 'b', done: ['a'], skipped: ['c'] },
    });
  });
});

describe('again', () => {
  it('starts another round at an earlier step from the last one, before a locked step, keeping what came before done', () => {
    const atD = walk(startWizard(TABLE), ['next', 'next', 'next']);
    expect(again(TABLE, atD, 'b')).toEqual({
      moved: true,
      state: { current: 'b', done: ['a'], skipped: [] },
    });
    const round = again(TABLE, atD, 'a');
    expect(round).toEqual({ moved: true, state: { current: 'a', done: [], skipped: [] } });
  });

  it('refuses before the last step, or a round that would start at the last step itself', () => {
    const atC = walk(startWizard(TABLE), ['next', 'next']);
    expect(again(TABLE, atC, 'a')).toEqual({ moved: false, reason: 'last-step' });
    const atD = walk(atC, ['next']);
    expect(again(TABLE, atD, 'd')).toEqual({ moved: false, reason: 'last-step' });
  });
});

describe('setSkipped', () => {
  it('lets the plan leave out or bring back an optional step that is still ahead', () => {
    const atA = startWizard(TABLE);
    const without = setSkipped(TABLE, atA, 'c', true);
    expect(without.skipped).toEqual(['c']);
    expect(setSkipped(TABLE, without, 'c', false).skipped).toEqual([]);
  });

  it('refuses to leave out a required step or one that has already happened', () => {
    expect(() => setSkipped(TABLE, startWizard(TABLE), 'b', true)).toThrow(/not optional/);
    const atD = walk(startWizard(TABLE), ['next', 'next', 'next']);
    expect(() => setSkipped(TABLE, atD, 'c', true)).toThrow(/no longer change it/);
  });

  it('refuses to leave out a required step at the start', () => {
    expect(() => startWizard(TABLE, ['d'])).toThrow(/not optional/);
  });
});

describe('stepStatuses and position', () => {
  it('reports done, current, upcoming and skipped for the step list', () => {
    const atB = walk(startWizard(TABLE, ['c']), ['next']);
    expect(stepStatuses(TABLE, atB).map(({ step, status }) => [step.id, status])).toEqual([
      ['a', 'done'],
      ['b', 'current'],
      ['c', 'skipped'],
      ['d', 'upcoming'],
    ]);
    expect(position(TABLE, atB)).toEqual({ index: 2, count: 3 });
  });
});
