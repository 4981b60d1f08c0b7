// A custodian's turn at the screen, the same in every ceremony that puts a share in front of one
// person at a time (STYLE.md §11: a table plus pure moves, like wizard.ts): the handover names
// who steps up and shows nothing secret; then the share is in hand (shown at initialization,
// typed or scanned at a restore); Esc, the window losing the focus, an idle period or the
// custodian's own button puts it away again (back to the handover, saying why); recording it
// moves on to a check with the share hidden, or straight to cleared; cleared is a blank screen
// before the next custodian. Nothing here knows about shares, devices or IPC: each ceremony
// keeps its secrets and names the phases in its own words (reveal, entry), and asks this table
// whether a move is allowed.

/** Why a share left the screen without being recorded. */
export const LEAVE_REASONS = ['idle', 'blur', 'escape', 'user'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

export type TurnPhase = 'handover' | 'in-hand' | 'confirm' | 'cleared';

export type TurnEvent =
  /** The custodian is at the screen: show the share (or open the entry). Also from confirm, to compare. */
  | { readonly type: 'take' }
  /** Esc, blur, idle or the custodian's button: the share goes away unrecorded. */
  | { readonly type: 'leave'; readonly reason: LeaveReason }
  /** The custodian says it is recorded; `check`: a check with the share hidden follows. */
  | { readonly type: 'recorded'; readonly check: boolean }
  /** The check (re-typed groups, lines, or a scanned sheet) matched. */
  | { readonly type: 'confirmed' }
  /** From the blank screen to the next custodian's handover. */
  | { readonly type: 'next' };

export type TurnEventType = TurnEvent['type'];

/** Where a turn is; only a handover reached by `leave` says why the last share went away. */
export type TurnState =
  | { readonly phase: 'handover'; readonly leftBecause?: LeaveReason }
  | { readonly phase: Exclude<TurnPhase, 'handover'> };

/** Which phase each event leads to, from each phase; a missing entry is a move out of order. */
export const TURN_MOVES: Readonly<
  Record<TurnPhase, Readonly<Partial<Record<TurnEventType, TurnPhase>>>>
> = Object.freeze({
  handover: { take: 'in-hand' },
  'in-hand': { leave: 'handover', recorded: 'confirm' },
  confirm: { take: 'in-hand', confirmed: 'cleared' },
  cleared: { next: 'handover' },
});

export type TurnMove =
  | { readonly moved: true; readonly state: TurnState }
  | { readonly moved: false; readonly from: TurnPhase; readonly event: TurnEventType };

export const FIRST_TURN_STATE: TurnState = Object.freeze({ phase: 'handover' });

/** The move an event makes from a state, or why it is out of order. Pure. */
export function moveTurn(state: TurnState, event: TurnEvent): TurnMove {
  let target = TURN_MOVES[state.phase][event.type];
  if (!target) return { moved: false, from: state.phase, event: event.type };
  // Recording with no check asked ends the turn at once.
  if (event.type === 'recorded' && !event.check) target = 'cleared';
  const moved: TurnState =
    target === 'handover' && event.type === 'leave'
      ? { phase: target, leftBecause: event.reason }
      : { phase: target };
  return { moved: true, state: moved };
}

/** Whether the share is in the custodian's hands (on screen, or being typed) in this phase. */
export function shareInHand(state: TurnState): boolean {
  return state.phase === 'in-hand';
}
