import { describe, expect, it } from 'vitest';
import {
  FIRST_TURN_STATE,
  LEAVE_REASONS,
  moveTurn,
  shareInHand,
  TURN_MOVES,
  type TurnEvent,
  type TurnPhase,
  type TurnState,
} from './custodian-turn';

function walk(state: TurnState, events: TurnEvent[]): TurnState {
  return events.reduce((current, event) => {
    const move = moveTurn(current, event);
    if (!move.moved) throw new Error(`${event.type} from ${current.phase} refused`);
    return move.state;
  }, state);
}

const EVENTS: TurnEvent[] = [
  { type: 'take' },
  { type: 'leave', reason: 'escape' },
  { type: 'recorded', check: true },
  { type: 'recorded', check: false },
  { type: 'confirmed' },
  { type: 'next' },
];

describe('a custodian turn', () => {
  it('starts at the handover with nothing in hand', () => {
    expect(FIRST_TURN_STATE).toEqual({ phase: 'handover' });
    expect(shareInHand(FIRST_TURN_STATE)).toBe(false);
  });

  it('walks handover, in hand, confirm, cleared, and on to the next handover', () => {
    const taken = walk(FIRST_TURN_STATE, [{ type: 'take' }]);
    expect(taken).toEqual({ phase: 'in-hand' });
    expect(shareInHand(taken)).toBe(true);
    const checked = walk(taken, [{ type: 'recorded', check: true }]);
    expect(checked).toEqual({ phase: 'confirm' });
    expect(shareInHand(checked)).toBe(false);
    expect(walk(checked, [{ type: 'confirmed' }, { type: 'next' }])).toEqual({
      phase: 'handover',
    });
  });

  it('goes straight to cleared when recording asks no check (or a restore accepts the share)', () => {
    expect(walk(FIRST_TURN_STATE, [{ type: 'take' }, { type: 'recorded', check: false }])).toEqual({
      phase: 'cleared',
    });
  });

  it.each(LEAVE_REASONS)('puts the share away on %s and says why at the handover', (reason) => {
    const left = walk(FIRST_TURN_STATE, [{ type: 'take' }, { type: 'leave', reason }]);
    expect(left).toEqual({ phase: 'handover', leftBecause: reason });
    expect(shareInHand(left)).toBe(false);
    // Taking the share again forgets why it went away.
    expect(walk(left, [{ type: 'take' }])).toEqual({ phase: 'in-hand' });
  });

  it('lets a custodian at the check show the share again to compare', () => {
    const state = walk(FIRST_TURN_STATE, [
      { type: 'take' },
      { type: 'recorded', check: true },
      { type: 'take' },
    ]);
    expect(state).toEqual({ phase: 'in-hand' });
  });

  it('refuses every move the table does not name, and names where it was', () => {
    const phases = Object.keys(TURN_MOVES) as TurnPhase[];
    let refused = 0;
    for (const phase of phases) {
      for (const event of EVENTS) {
        const move = moveTurn({ phase }, event);
        if (TURN_MOVES[phase][event.type]) {
          expect(move.moved).toBe(true);
        } else {
          expect(move).toEqual({ moved: false, from: phase, event: event.type });
          refused += 1;
        }
      }
    }
    // Nothing leaves a share on screen once the turn is cleared, and a handover cannot skip ahead.
    expect(moveTurn({ phase: 'cleared' }, { type: 'take' }).moved).toBe(false);
    expect(moveTurn({ phase: 'handover' }, { type: 'recorded', check: false }).moved).toBe(false);
    expect(moveTurn({ phase: 'confirm' }, { type: 'leave', reason: 'idle' }).moved).toBe(false);
    expect(refused).toBeGreaterThan(0);
  });
});
