// The custodians' turns at the screen (brief step 5): handover (names the custodian, nothing
// secret) -> reveal (the share) -> confirm (the share hidden; the custodian re-types what is
// asked, or scans their printed sheet) -> cleared (a blank interstitial) -> the next handover.
// The moves are the shared custodian-turn table's (shared/ceremony/custodian-turn.ts; "reveal"
// is its in-hand phase), and the turn's own state is a union by that table's phase: the check
// asked of the custodian lives until their turn is cleared, the hide timer only while the share
// is shown. What leaving a phase undoes (the timer, the sheet, the share's bytes) hangs off the
// one move function, not off each intent. A shown share hides again on the renderer's word
// (idle, blur, Esc) or on main's own timer, and leaves main's memory as soon as its custodian's
// turn is cleared.

import { randomInt } from 'node:crypto';
import type { ShareFormat } from '../../../shared/ceremony/init-plan';
import type { ShareConfirmation } from '../../../shared/ceremony/init-snapshot';
import {
  describeTypedLine,
  GROUP_LENGTH,
  LINE_LENGTH,
  lineLengths,
  readTypedLine,
  toCheckedLines,
} from '../../../shared/shares/checked-lines';
import type { z } from 'zod';
import type { SharesViewSchema } from '../../../shared/ceremony/init-snapshot';
import {
  moveTurn,
  type LeaveReason,
  type TurnEvent,
} from '../../../shared/ceremony/custodian-turn';
import { Refusal } from '../../refusal/refusal';
import { revealedShare } from './share-reveal';
import type { Timers } from './timers';

export type SharesView = z.infer<typeof SharesViewSchema>;
export type SharePhase = SharesView['phase'];
export type HideReason = NonNullable<SharesView['hiddenBecause']>;
export type ConfirmationMode = 'spot-check' | 'full' | 'none';

export interface TurnProblem {
  field?: string;
  message: string;
}

export interface ShareTurnsOptions {
  custodians: readonly string[];
  /** UTF-8 bytes of each canonical share, custodian order. Owned (and wiped) from here on. */
  shares: Uint8Array[];
  threshold: number;
  kcv: string;
  format: ShareFormat;
  mode: ConfirmationMode;
  hideSeconds: number;
  timers: Timers;
  /** Main's timer hid the share: the engine tells the screen and the transcript. */
  onIdleHide: () => void;
  /**
   * The share has just left the screen, whatever the reason (hidden, recorded, the turns
   * ended): anything else showing it, such as the custodian's sheet, goes too.
   */
  onShareLeft?: () => void;
  /** Random integer in [0, max); the CSPRNG unless a test pins the groups. */
  randomBelow?: (max: number) => number;
}

/**
 * One custodian's turn, by phase of the custodian-turn table. `confirmation`: the check chosen
 * when they first said "recorded", kept while they look again (in hand) or step away (handover)
 * so the same groups are asked; gone at cleared. `stopTimer`: main's hide timer, only while the
 * share is shown.
 */
export type ShareTurn =
  | {
      readonly phase: 'handover';
      readonly leftBecause?: LeaveReason;
      readonly confirmation?: ShareConfirmation;
    }
  | {
      readonly phase: 'in-hand';
      readonly confirmation?: ShareConfirmation;
      stopTimer: () => void;
    }
  | { readonly phase: 'confirm'; readonly confirmation?: ShareConfirmation }
  | { readonly phase: 'cleared' };

/** How many groups the spot check asks for (brief: "two randomly chosen groups"). */
export const SPOT_CHECK_GROUPS = 2;

export class ShareTurns {
  private turn = 0;
  private turnState: ShareTurn = { phase: 'handover' };
  private readonly shares: (Uint8Array | undefined)[];

  constructor(private readonly options: ShareTurnsOptions) {
    this.shares = [...options.shares];
  }

  get phase(): SharePhase {
    return this.current;
  }

  private get current(): SharePhase {
    const phase = this.turnState.phase;
    return phase === 'in-hand' ? 'reveal' : phase;
  }

  /**
   * Makes a move of the custodian-turn table; false (nothing changed) when it is out of order.
   * The new phase carries only its own fields. Leaving the reveal stops the hide timer and takes
   * the share off anything else showing it; reaching cleared wipes the custodian's share.
   * `confirmation`: the check chosen on this move (the first "recorded").
   */
  private move(event: TurnEvent, confirmation?: ShareConfirmation): boolean {
    const from = this.turnState;
    const move = moveTurn(from, event);
    if (!move.moved) return false;
    const to = move.state;
    const asked = from.phase === 'cleared' ? confirmation : (from.confirmation ?? confirmation);
    const kept = asked ? { confirmation: asked } : {};
    if (from.phase === 'in-hand') {
      from.stopTimer();
      this.options.onShareLeft?.();
    }
    switch (to.phase) {
      case 'handover':
        this.turnState = { ...to, ...kept };
        break;
      case 'in-hand':
        this.turnState = { phase: 'in-hand', ...kept, stopTimer: this.startTimer() };
        break;
      case 'confirm':
        this.turnState = { phase: 'confirm', ...kept };
        break;
      case 'cleared':
        this.turnState = { phase: 'cleared' };
        this.shares[this.turn]?.fill(0);
        this.shares[this.turn] = undefined;
        break;
    }
    return true;
  }

  /** 0-based index of the custodian whose turn it is. */
  get index(): number {
    return this.turn;
  }

  get custodianName(): string {
    return this.options.custodians[this.turn]!;
  }

  get isLast(): boolean {
    return this.turn === this.options.custodians.length - 1;
  }

  /** Shows the share: from the handover, or again from the confirm phase to compare. */
  reveal(): void {
    if (!this.move({ type: 'take' })) {
      throw new Refusal(
        'conflict',
        this.current === 'reveal'
          ? 'The share is already shown.'
          : `${this.custodianName}'s turn is over; the share cannot be shown again.`,
      );
    }
  }

  /** Hides a shown share (back to the handover). Returns false when nothing was shown. */
  hide(reason: HideReason): boolean {
    return this.move({ type: 'leave', reason });
  }

  /** The custodian is still at the screen: the share stays up for another full period. */
  stillHere(): boolean {
    const turn = this.turnState;
    if (turn.phase !== 'in-hand') return false;
    turn.stopTimer();
    turn.stopTimer = this.startTimer();
    return true;
  }

  /**
   * "I have recorded it": on to the check, or straight to cleared when the plan asks none.
   * `sheetToCheck`: this custodian's sheet went to a printer (or is going): even when the plan
   * asks no check, the turn stops at confirm for the scan-back, so the paper they take away is
   * checked before they leave (issue 5 §4).
   */
  recorded({ sheetToCheck = false }: { sheetToCheck?: boolean } = {}): SharePhase {
    if (this.current !== 'reveal')
      throw new Refusal('conflict', 'Show the share before saying it is recorded.');
    const check = this.options.mode !== 'none' || sheetToCheck;
    const asked = this.turnState.phase === 'in-hand' ? this.turnState.confirmation : undefined;
    const chosen = this.options.mode !== 'none' && !asked ? this.chooseConfirmation() : undefined;
    this.move({ type: 'recorded', check }, chosen);
    return this.current;
  }

  /** Checks what the custodian re-typed with the share hidden. Undefined means confirmed. */
  confirm(entries: readonly string[]): TurnProblem | undefined {
    if (this.current === 'confirm' && this.options.mode === 'none') {
      throw new Refusal(
        'conflict',
        'The plan asks no typed check; scan the QR code of your printed sheet (or type your share) to check it.',
      );
    }
    const turn = this.turnState;
    if (turn.phase !== 'confirm' || !turn.confirmation)
      throw new Refusal('conflict', 'There is nothing to confirm right now.');
    const lines = toCheckedLines(this.canonical());
    const problem =
      turn.confirmation.mode === 'full'
        ? this.checkLines(lines, entries)
        : this.checkGroups(turn.confirmation, lines, entries);
    if (!problem) this.move({ type: 'confirmed' });
    return problem;
  }

  /**
   * The custodian scanned their printed sheet (or typed the share) and it matched: that proves
   * the record as the confirmation would, so the turn ends the same way.
   */
  confirmByScanBack(): void {
    if (!this.move({ type: 'confirmed' }))
      throw new Refusal('conflict', 'There is nothing to confirm right now.');
  }

  /**
   * The canonical text of the current custodian's share, for their sheet and the scan-back
   * check; only while their turn holds it (reveal and confirm). Never put it in a snapshot event,
   * a log line or a message.
   */
  currentShare(): string {
    if (this.current !== 'reveal' && this.current !== 'confirm')
      throw new Refusal('conflict', `${this.custodianName}'s share is not in hand right now.`);
    return this.canonical();
  }

  /** From the blank interstitial to the next custodian. Returns 'done' after the last one. */
  next(): 'next' | 'done' {
    if (this.current !== 'cleared')
      throw new Refusal('conflict', `${this.custodianName}'s turn is not finished yet.`);
    if (this.isLast) return 'done';
    this.turn += 1;
    this.move({ type: 'next' });
    return 'next';
  }

  view(includeShare: boolean): SharesView {
    const { custodians, threshold, kcv, hideSeconds } = this.options;
    return {
      step: 'shares',
      custodian: { index: this.turn + 1, name: this.custodianName },
      custodianCount: custodians.length,
      threshold,
      kcv,
      phase: this.current,
      ...(this.current === 'reveal' && includeShare
        ? { share: revealedShare(this.canonical()) }
        : {}),
      ...(this.turnState.phase === 'confirm' && this.turnState.confirmation
        ? { confirmation: this.turnState.confirmation }
        : {}),
      ...(this.turnState.phase === 'handover' && this.turnState.leftBecause
        ? { hiddenBecause: this.turnState.leftBecause }
        : {}),
      hideSeconds,
    };
  }

  /** Wipes every share still held and stops the timer (cancel, shutdown, end of the step). */
  dispose(): void {
    if (this.turnState.phase === 'in-hand') {
      this.turnState.stopTimer();
      this.turnState.stopTimer = () => undefined;
      this.options.onShareLeft?.();
    }
    for (const share of this.shares) share?.fill(0);
    this.shares.fill(undefined);
  }

  private canonical(): string {
    const bytes = this.shares[this.turn];
    if (!bytes) throw new Refusal('conflict', `${this.custodianName}'s share is no longer held.`);
    return new TextDecoder().decode(bytes);
  }

  private chooseConfirmation(): ShareConfirmation {
    const canonical = this.canonical();
    const lines = toCheckedLines(canonical);
    const lengths = lineLengths(lines.reduce((total, line) => total + line.text.length, 0));
    if (this.options.mode === 'full') return { mode: 'full', groups: [], lineLengths: lengths };
    // A group holding any of the "K-X-" prefix is no check: the threshold and share number are
    // public (the handover screen says them), so the custodian could type it without a record.
    const prefixLength = publicPrefixLength(canonical);
    const candidates = lines.flatMap((line) =>
      line.groups.flatMap((group, index) => {
        const start = (line.number - 1) * LINE_LENGTH + index * GROUP_LENGTH;
        return group.length === GROUP_LENGTH && start >= prefixLength
          ? [{ line: line.number, group: index + 1 }]
          : [];
      }),
    );
    const below = this.options.randomBelow ?? ((max: number) => randomInt(max));
    const picked: { line: number; group: number }[] = [];
    while (picked.length < Math.min(SPOT_CHECK_GROUPS, candidates.length)) {
      const [choice] = candidates.splice(below(candidates.length), 1);
      picked.push(choice!);
    }
    picked.sort((a, b) => a.line - b.line || a.group - b.group);
    return { mode: 'spot-check', groups: picked, lineLengths: lengths };
  }

  private checkGroups(
    confirmation: ShareConfirmation,
    lines: ReturnType<typeof toCheckedLines>,
    entries: readonly string[],
  ): TurnProblem | undefined {
    const groups = confirmation.groups;
    if (entries.length !== groups.length) {
      return { message: `Type the ${groups.length} groups asked for, one in each box.` };
    }
    for (const [position, { line, group }] of groups.entries()) {
      const expected = this.normalise(lines[line - 1]!.groups[group - 1]!);
      const typed = this.normalise(entries[position]!.replace(/\s+/g, ''));
      if (typed !== expected && typed.toLowerCase() === expected.toLowerCase()) {
        return {
          field: `entries.${position}`,
          message: `Group ${group} of line ${line} has the right letters, but capital and small letters differ in a share: type it exactly as on ${this.custodianName}'s record.`,
        };
      }
      if (typed !== expected) {
        return {
          field: `entries.${position}`,
          message: `Group ${group} of line ${line} does not match ${this.custodianName}'s share. Show the share again, compare that group, and type it again.`,
        };
      }
    }
    return undefined;
  }

  private checkLines(
    lines: ReturnType<typeof toCheckedLines>,
    entries: readonly string[],
  ): TurnProblem | undefined {
    if (entries.length !== lines.length)
      return {
        message: `Type all ${lines.length} lines of the share, each with its check character.`,
      };
    const hex = this.options.format === 'yubihsm-manager';
    for (const [index, line] of lines.entries()) {
      const typed = readTypedLine(line.number, entries[index]!, line.text.length, { hex });
      if (!typed.ok)
        return {
          field: `entries.${index}`,
          message: `${describeTypedLine(line.number, typed)} Show the share again to compare.`,
        };
      if (typed.text !== line.text) {
        return {
          field: `entries.${index}`,
          message: `Line ${line.number} does not match ${this.custodianName}'s share. Show the share again, compare that line, and type it again.`,
        };
      }
    }
    return undefined;
  }

  private normalise(text: string): string {
    return this.options.format === 'yubihsm-manager' ? text.toLowerCase() : text;
  }

  /** Main's own hide timer for a shown share; returns how to stop it. */
  private startTimer(): () => void {
    return this.options.timers.set(() => {
      if (this.hide('idle')) this.options.onIdleHide();
    }, this.options.hideSeconds * 1000);
  }
}

/** How many leading characters of a canonical share are its public "K-X-" prefix (interop spec §3.3). */
function publicPrefixLength(canonical: string): number {
  const second = canonical.indexOf('-', canonical.indexOf('-') + 1);
  return second < 0 ? 0 : second + 1;
}
