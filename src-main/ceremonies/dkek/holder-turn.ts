// One share holder's turn at a DKEK share import (issue 10: "have the share holders import the
// same shares (the same custodian turns)"): the moves are the shared custodian-turn table's
// (handover -> in hand, here "entry" -> cleared -> next; Esc, blur or idle back to the handover),
// and what the holder gives is the same as at `dkek import`: the share file's typed password, or
// the password shares of its t-of-n split (spec §4), each read and checked as it is given, with
// a sentence naming the password share (and its custodian) that is wrong. The password shares
// entered stay here, in main, until the share is opened or the turn ends; none is ever echoed.

import {
  FIRST_TURN_STATE,
  moveTurn,
  type LeaveReason,
  type TurnEvent,
  type TurnState,
} from '../../../shared/ceremony/custodian-turn';
import type { DkekHolderTurnView } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { DkekShareFileRecord } from '../../../shared/records/dkek-ceremony-record';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { readPasswordShare, type TypedPasswordShare } from '../../dkek/password-share-text';
import type { ReadPasswordShare } from '../../dkek/password-shares';
import { Refusal } from '../../refusal/refusal';
import type { ShareSecret } from './sequential-import';

/** Why the last entry was emptied without a share being imported, for the next person. */
export function clearedSentence(reason: LeaveReason): string {
  const why: Record<LeaveReason, string> = {
    idle: 'because nothing happened on the screen for a while',
    blur: 'because this window lost the focus',
    escape: 'because Esc was pressed',
    user: 'as the share holder asked',
  };
  return `The entry was cleared ${why[reason]}. Nothing typed was kept and nothing was imported; the turn can be taken again.`;
}

export class HolderTurn {
  private state: TurnState = FIRST_TURN_STATE;
  private entered: ReadPasswordShare[] = [];
  private refusal: string | undefined;

  constructor(readonly share: DkekShareFileRecord) {}

  get phase(): 'handover' | 'entry' | 'cleared' {
    return this.state.phase === 'in-hand'
      ? 'entry'
      : this.state.phase === 'cleared'
        ? 'cleared'
        : 'handover';
  }

  /** The holder (or the split's custodians) stepped up: the entry opens. */
  take(): void {
    this.move({ type: 'take' });
    this.refusal = undefined;
  }

  /** Esc, blur, idle or their own button: whatever was entered is forgotten, nothing imported. */
  leave(reason: LeaveReason): void {
    this.move({ type: 'leave', reason });
    this.forget();
  }

  /**
   * One custodian's password share of a split, checked as given (its fields, its check word,
   * its ID against the record's custodians, the set's prime, a second share with the same ID).
   * Returns its custodian's name.
   */
  addPasswordShare(typed: TypedPasswordShare): string {
    this.expectEntry('enter a password share');
    const holders = this.share.holders;
    if (holders.kind !== 'password-split')
      throw this.refuse(
        `Share ${this.share.number} opens with ${holders.custodian}'s password, not password shares.`,
      );
    if (this.entered.length >= holders.threshold)
      throw this.refuse(
        `The ${holders.threshold} password shares this set needs are in; open the share now.`,
      );
    const which = `password share ${this.entered.length + 1}`;
    let read: ReadPasswordShare;
    try {
      read = readPasswordShare(typed, which);
    } catch (error) {
      if (error instanceof DkekShareError) throw this.refuse(`${capital(error.message)}.`);
      throw error;
    }
    const custodian = holders.custodians[read.id - 1];
    if (custodian === undefined)
      throw this.refuse(
        `${capital(which)} says Share ID ${read.id}, but share ${this.share.number}'s set has IDs 1 to ${holders.custodians.length} (${holders.custodians.join(', ')}): check the ID on the sheet.`,
      );
    const first = this.entered[0];
    if (first && first.prime !== read.prime)
      throw this.refuse(
        `${capital(which)} (${custodian}'s) belongs to another set than ${first.source}: their primes differ. Check the Prime against ${custodian}'s sheet.`,
      );
    if (this.entered.some((other) => other.id === read.id))
      throw this.refuse(
        `${custodian}'s password share (ID ${read.id}) is already in; each custodian's share counts once. The next custodian enters theirs.`,
      );
    this.entered.push({ ...read, source: `${which} (${custodian}'s)` });
    this.refusal = undefined;
    return custodian;
  }

  /** What opens the share file: the typed password, or the password shares entered. */
  secret(password: Uint8Array | undefined): ShareSecret {
    this.expectEntry('open the share');
    const holders = this.share.holders;
    if (holders.kind === 'password') {
      if (password === undefined || password.length === 0)
        throw this.refuse(`Type ${holders.custodian}'s password for share ${this.share.number}.`);
      return { kind: 'password', password };
    }
    if (password !== undefined)
      throw this.refuse(
        `Share ${this.share.number} opens with password shares (${holders.custodians.join(', ')}), not a password.`,
      );
    if (this.entered.length < holders.threshold)
      throw this.refuse(
        `${this.entered.length} of the ${holders.threshold} password shares this ${holders.threshold}-of-${holders.custodians.length} set needs are in; the next custodian enters theirs.`,
      );
    return { kind: 'password-shares', shares: [...this.entered] };
  }

  /** The share file did not open: the turn stays open; password shares are entered again. */
  failed(sentence: string): void {
    this.refusal = sentence;
    this.entered = [];
  }

  /** The share is in the device: the screen is cleared for the next holder. */
  imported(): void {
    this.move({ type: 'recorded', check: false });
    this.forget();
  }

  forget(): void {
    this.entered = [];
  }

  view(idleSeconds: number): DkekHolderTurnView {
    const holders = this.share.holders;
    return {
      shareNumber: this.share.number,
      file: this.share.file.split(/[\\/]/).pop()!,
      holders:
        holders.kind === 'password'
          ? { kind: 'password', custodian: holders.custodian }
          : {
              kind: 'password-split',
              custodians: [...holders.custodians],
              threshold: holders.threshold,
            },
      phase: this.phase,
      ...(this.state.phase === 'handover' && this.state.leftBecause
        ? { cleared: clearedSentence(this.state.leftBecause) }
        : {}),
      passwordSharesIn: this.entered.map((share) =>
        holders.kind === 'password-split' ? (holders.custodians[share.id - 1] ?? '') : '',
      ),
      ...(this.refusal ? { refusal: this.refusal } : {}),
      idleSeconds,
    };
  }

  private expectEntry(what: string): void {
    if (this.phase !== 'entry')
      throw new Refusal(
        'conflict',
        `You cannot ${what} now: share ${this.share.number}'s turn is at ${this.phase}. Take the turn first.`,
      );
  }

  /** A sentence for the holder: kept on the turn's screen and answered. */
  private refuse(sentence: string): Refusal {
    this.refusal = sentence;
    return new Refusal('invalid-input', sentence);
  }

  private move(event: TurnEvent): void {
    const move = moveTurn(this.state, event);
    if (!move.moved)
      throw new Refusal(
        'conflict',
        `That cannot be done now: share ${this.share.number}'s turn is at ${this.phase}.`,
      );
    this.state = move.state;
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
