// M custodians entering their shares one at a time, for the ceremonies that take shares back
// without a device (the share audit, the reshare's current shares; issue 12 §1–2). The turn moves
// by the shared custodian-turn table (handover -> in hand -> cleared -> next), each share is
// checked by the share collector as it is sent (its custodian named when it is wrong), and the
// state of the turn is a union, so who is at the keyboard and the last refusal exist only while
// their turn lasts. Main never echoes a share: the view carries numbers, names and sentences.

import type { EntrySharesView, ShareEntry } from '../../../shared/ceremony/audit-snapshot';
import {
  moveTurn,
  type LeaveReason,
  type TurnEvent,
} from '../../../shared/ceremony/custodian-turn';
import { lineLengths } from '../../../shared/shares/checked-lines';
import { Refusal } from '../../refusal/refusal';
import { nameShare, type ShareCollector } from './share-collection';

export interface AtKeyboard {
  index: number;
  name: string;
}

export interface EntryRefusal {
  message: string;
  line?: number;
  position?: number;
}

export type EntryTurn =
  | { readonly phase: 'handover'; readonly leftBecause?: LeaveReason }
  | { readonly phase: 'in-hand'; readonly atKeyboard: AtKeyboard; refusal?: EntryRefusal }
  | { readonly phase: 'cleared'; readonly atKeyboard: AtKeyboard };

export type EntryPhase = 'handover' | 'entry' | 'cleared';

/** What one accepted share told the custodians (the re-split or superseded notes). */
export interface ShareEntryOptions {
  collector: ShareCollector;
  /** The current set's custodians by share number, as the record names them. */
  custodians: readonly { index: number; name: string }[];
  idleSeconds: number;
}

export class ShareEntryTurns {
  private turnState: EntryTurn = { phase: 'handover' };
  private turnNumber = 1;
  /** Warnings of accepted shares (never a share): shown until the set is recombined. */
  readonly warnings: string[] = [];
  setProblems: string[] = [];

  constructor(private readonly options: ShareEntryOptions) {}

  get collector(): ShareCollector {
    return this.options.collector;
  }

  get phase(): EntryPhase {
    return this.turnState.phase === 'in-hand' ? 'entry' : this.turnState.phase;
  }

  /** Who is at the keyboard, while their turn lasts. */
  get atKeyboard(): AtKeyboard | undefined {
    return 'atKeyboard' in this.turnState ? this.turnState.atKeyboard : undefined;
  }

  /** The custodians of the set being entered (a superseded set's once its first share chose it). */
  private custodianList(): { index: number; name: string }[] {
    const superseded = this.collector.superseded;
    if (superseded)
      return [...superseded.custodians].map(([index, c]) => ({ index, name: c.name }));
    return [...this.options.custodians];
  }

  /** The custodian holding share `custodian` steps up. */
  begin(custodian: number): void {
    this.expect('handover', "begin a custodian's turn");
    const waiting = this.collector.waiting();
    const who = this.custodianList().find((c) => c.index === custodian);
    if (!who || !waiting.includes(custodian))
      throw new Refusal(
        'invalid-input',
        `Say which custodian is at the keyboard: one of ${waiting.map((n) => nameShare(n, this.custodianList().find((c) => c.index === n)?.name)).join(', ')}.`,
      );
    this.move({ type: 'take' }, { index: who.index, name: who.name });
  }

  /** Checks a share typed as checked lines, or pasted / scanned / read from a file. */
  submit(entry: ShareEntry): { ok: true; shareNumber: number } | { ok: false; message: string } {
    this.expect('entry', 'enter a share');
    const turn = this.turnState as Extract<EntryTurn, { phase: 'in-hand' }>;
    const custodian = turn.atKeyboard.index;
    const verdict =
      'lines' in entry
        ? this.collector.offerLines(entry.lines, custodian)
        : this.collector.offer(entry.text, custodian);
    if (!verdict.ok) {
      turn.refusal = {
        message: verdict.message,
        ...(verdict.line === undefined ? {} : { line: verdict.line }),
        ...(verdict.position === undefined ? {} : { position: verdict.position }),
      };
      return { ok: false, message: verdict.message };
    }
    for (const warning of verdict.warnings)
      if (!this.warnings.includes(warning)) this.warnings.push(warning);
    this.move({ type: 'recorded', check: false });
    return { ok: true, shareNumber: verdict.shareNumber };
  }

  /** The custodian left without entering a share (idle, blur, Esc, their own button). */
  abandon(reason: LeaveReason): void {
    this.expect('entry', 'leave the turn');
    this.move({ type: 'leave', reason });
  }

  /** From the blank screen to the next custodian; true once enough shares are in. */
  next(): boolean {
    this.expect('cleared', 'call the next custodian');
    this.move({ type: 'next' });
    this.turnNumber += 1;
    return this.collector.enough;
  }

  view(): EntrySharesView {
    const turn = this.turnState;
    const accepted = this.collector.accepted;
    const format = this.collector.format ?? null;
    return {
      threshold: this.collector.threshold ?? null,
      format,
      lineLengths:
        format === 'yubihsm-setup'
          ? lineLengths(4 + 70)
          : format === 'yubihsm-manager' && (this.collector.threshold ?? 10) < 10
            ? lineLengths(4 + 104)
            : [],
      phase: this.phase,
      turn: this.turnNumber,
      ...(this.atKeyboard ? { atKeyboard: { ...this.atKeyboard } } : {}),
      custodians: this.custodianList().map((c) => ({
        ...c,
        entered: accepted.some((a) => a.shareNumber === c.index),
      })),
      accepted: accepted.map((a) => ({ ...a })),
      idleSeconds: this.options.idleSeconds,
      ...(turn.phase === 'handover' && turn.leftBecause
        ? { cleared: { reason: turn.leftBecause, message: clearedSentence(turn.leftBecause) } }
        : {}),
      ...(turn.phase === 'in-hand' && turn.refusal ? { refusal: { ...turn.refusal } } : {}),
      warnings: [...this.warnings],
      setProblems: [...this.setProblems],
    };
  }

  /** Lets go of every share entered (the step ends, or the ceremony stops). */
  forget(): void {
    this.collector.forget();
  }

  private expect(phase: EntryPhase, what: string): void {
    if (this.phase !== phase)
      throw new Refusal('conflict', `You cannot ${what} now: the shares step is at ${this.phase}.`);
  }

  private move(event: TurnEvent, atKeyboard?: AtKeyboard): void {
    const from = this.turnState;
    const move = moveTurn(from, event);
    if (!move.moved) throw new Error(`A share turn cannot ${event.type} from ${move.from}.`);
    const to = move.state;
    if (to.phase === 'in-hand' && atKeyboard) this.turnState = { phase: 'in-hand', atKeyboard };
    else if (to.phase === 'cleared' && from.phase === 'in-hand')
      this.turnState = { phase: 'cleared', atKeyboard: from.atKeyboard };
    else if (to.phase === 'handover') this.turnState = to;
    else throw new Error(`A share turn has no ${to.phase} phase reached by ${event.type}.`);
  }
}

/** Why the entry form was emptied without a share being sent, for the next person at the screen. */
export function clearedSentence(reason: LeaveReason): string {
  const why: Readonly<Record<LeaveReason, string>> = {
    idle: ' because nothing happened on the screen for a while',
    blur: ' because this window lost the focus',
    escape: ' because Esc was pressed',
    user: ', as asked',
  };
  return `The share entry was cleared${why[reason]}. Nothing typed was sent or kept.`;
}
